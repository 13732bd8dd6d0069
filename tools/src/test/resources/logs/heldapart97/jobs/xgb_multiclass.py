# xgboost multi-class softprob, eval on the training set only, mlogloss and merror every round
import xgboost as xgb
from sklearn.datasets import make_classification
X, y = make_classification(3000, 20, n_informative=10, n_classes=4, random_state=0)
d = xgb.DMatrix(X, y)
xgb.train({'objective': 'multi:softprob', 'num_class': 4, 'eval_metric': ['mlogloss', 'merror']}, d, 40, evals=[(d, 'dtrain')])
