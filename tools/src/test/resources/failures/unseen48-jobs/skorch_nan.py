# skorch regressor whose learning rate is far too high: the train loss overflows to inf, then nan
import numpy as np, torch
from sklearn.datasets import make_regression
from skorch import NeuralNetRegressor
torch.manual_seed(0)
X, y = make_regression(1000, 10, noise=5.0, random_state=0)
X = X.astype(np.float32); y = y.astype(np.float32).reshape(-1, 1)
net = NeuralNetRegressor(torch.nn.Sequential(torch.nn.Linear(10, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1)),
                         max_epochs=12, lr=0.01)
net.fit(X, y)
