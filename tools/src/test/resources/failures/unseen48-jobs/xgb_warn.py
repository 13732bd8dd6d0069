# xgboost.train with a parameter it does not use: its "[hh:mm:ss] WARNING:" line comes before the rounds
import xgboost as xgb
from sklearn.datasets import make_regression
X, y = make_regression(3000, 20, noise=5, random_state=0)
d = xgb.DMatrix(X, y)
xgb.train({'objective': 'reg:squarederror', 'n_estimators': 500, 'eta': 0.2}, d, 25, evals=[(d, 'train')], verbose_eval=4)
