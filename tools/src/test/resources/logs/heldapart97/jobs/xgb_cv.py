# xgboost.cv with verbose_eval: every round prints each metric's mean and standard deviation over the folds
import xgboost as xgb
from sklearn.datasets import make_classification
X, y = make_classification(3000, 20, random_state=0)
xgb.cv({'objective': 'binary:logistic', 'eval_metric': 'logloss', 'max_depth': 4}, xgb.DMatrix(X, y), 50, nfold=4,
       verbose_eval=True, seed=0)
