# xgboost asked for a multi-class objective without num_class
import xgboost as xgb
from sklearn.datasets import make_classification
X, y = make_classification(1000, 10, n_classes=3, n_informative=5, random_state=0)
d = xgb.DMatrix(X, y)
xgb.train({'objective': 'multi:softprob', 'eval_metric': 'mlogloss'}, d, 20, evals=[(d, 'train')])
