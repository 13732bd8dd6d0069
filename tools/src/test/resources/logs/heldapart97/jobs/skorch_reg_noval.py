# skorch regressor without a validation split, with an LR scheduler (the lr is not a column by default)
import numpy as np, torch
from sklearn.datasets import make_regression
from skorch import NeuralNetRegressor
from skorch.callbacks import LRScheduler
torch.manual_seed(0)
X, y = make_regression(1000, 10, noise=5.0, random_state=0)
X = X.astype(np.float32); y = (y / 100).astype(np.float32).reshape(-1, 1)
net = NeuralNetRegressor(torch.nn.Sequential(torch.nn.Linear(10, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1)),
                         max_epochs=15, lr=0.01, train_split=None, optimizer=torch.optim.Adam,
                         callbacks=[LRScheduler(policy='StepLR', step_size=5)])
net.fit(X, y)
