# scikit-learn GradientBoostingRegressor(verbose=1, subsample=0.8): Iter / Train Loss / OOB Improve / Remaining Time
from sklearn.datasets import make_regression
from sklearn.ensemble import GradientBoostingRegressor
X, y = make_regression(3000, 20, noise=10, random_state=0)
GradientBoostingRegressor(n_estimators=120, subsample=0.8, verbose=1, random_state=0).fit(X, y)
