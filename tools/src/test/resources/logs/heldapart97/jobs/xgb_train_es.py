# xgboost.train with named evals, verbose_eval=5 and early stopping
import numpy as np, xgboost as xgb
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
X, y = make_classification(5000, 30, n_informative=8, random_state=0)
Xt, Xv, yt, yv = train_test_split(X, y, random_state=0)
dt, dv = xgb.DMatrix(Xt, yt), xgb.DMatrix(Xv, yv)
bst = xgb.train({'objective': 'binary:logistic', 'eval_metric': ['logloss', 'error'], 'eta': 0.3, 'max_depth': 6},
                dt, 300, evals=[(dt, 'train'), (dv, 'valid')], early_stopping_rounds=10, verbose_eval=5)
print('best iteration', bst.best_iteration)
