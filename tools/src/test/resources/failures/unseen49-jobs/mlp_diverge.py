# scikit-learn MLPRegressor(solver='sgd') with a learning rate far too high: the loss runs away
import numpy as np
from sklearn.neural_network import MLPRegressor
rng = np.random.default_rng(0)
X = rng.normal(size=(2000, 10)); y = X @ rng.normal(size=10) * 100
MLPRegressor((32,), solver='sgd', learning_rate_init=0.5, momentum=0.9, verbose=True, max_iter=30, random_state=0).fit(X, y)
