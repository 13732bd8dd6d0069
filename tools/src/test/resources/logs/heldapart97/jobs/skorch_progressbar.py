# skorch with its ProgressBar callback (tqdm bars on stderr between the table's rows)
import numpy as np, torch
from sklearn.datasets import make_classification
from skorch import NeuralNetClassifier
from skorch.callbacks import ProgressBar
torch.manual_seed(0)
X, y = make_classification(3000, 20, random_state=1)
X = X.astype(np.float32); y = y.astype(np.int64)
net = NeuralNetClassifier(torch.nn.Sequential(torch.nn.Linear(20, 2), torch.nn.Softmax(dim=-1)), max_epochs=6, lr=0.1,
                          batch_size=64, callbacks=[ProgressBar()])
net.fit(X, y)
