# scipy.optimize.minimize(method='L-BFGS-B', options={'iprint': 1}) on a least-squares fit, as a hand-rolled model would
import numpy as np
from scipy.optimize import minimize
rng = np.random.default_rng(0)
A = rng.normal(size=(500, 40)); b = A @ rng.normal(size=40) + rng.normal(size=500)
f = lambda w: 0.5 * np.sum((A @ w - b) ** 2)
g = lambda w: A.T @ (A @ w - b)
minimize(f, np.zeros(40), jac=g, method='L-BFGS-B', options={'iprint': 1, 'maxiter': 25})
