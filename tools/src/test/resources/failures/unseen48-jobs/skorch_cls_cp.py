# skorch classifier, validation split, Checkpoint + EarlyStopping callbacks (the "cp" column), as its docs show
import numpy as np, torch
from sklearn.datasets import make_classification
from skorch import NeuralNetClassifier
from skorch.callbacks import Checkpoint, EarlyStopping
torch.manual_seed(0)
X, y = make_classification(2000, 20, n_informative=10, random_state=0)
X = X.astype(np.float32); y = y.astype(np.int64)
class M(torch.nn.Module):
    def __init__(self):
        super().__init__(); self.l = torch.nn.Sequential(torch.nn.Linear(20, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))
    def forward(self, X): return torch.softmax(self.l(X), dim=-1)
net = NeuralNetClassifier(M, max_epochs=80, lr=0.5, callbacks=[Checkpoint(dirname='/tmp/skcp'), EarlyStopping(patience=4)])
net.fit(X, y)
