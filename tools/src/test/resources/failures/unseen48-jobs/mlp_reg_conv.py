# scikit-learn MLPRegressor(verbose=True) stopped by max_iter: a ConvergenceWarning at the end
from sklearn.datasets import make_regression
from sklearn.neural_network import MLPRegressor
X, y = make_regression(2000, 10, random_state=0)
MLPRegressor((32,), max_iter=25, verbose=True, random_state=0).fit(X, y / 100)
