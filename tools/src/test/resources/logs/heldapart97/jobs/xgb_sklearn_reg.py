# XGBRegressor (the scikit-learn API) with two eval sets and two metrics: validation_0 is the training set
import numpy as np, xgboost as xgb
from sklearn.datasets import make_regression
from sklearn.model_selection import train_test_split
X, y = make_regression(4000, 20, noise=10, random_state=0)
Xt, Xv, yt, yv = train_test_split(X, y, random_state=0)
m = xgb.XGBRegressor(n_estimators=60, learning_rate=0.1, eval_metric=['rmse', 'mae'])
m.fit(Xt, yt, eval_set=[(Xt, yt), (Xv, yv)], verbose=True)
