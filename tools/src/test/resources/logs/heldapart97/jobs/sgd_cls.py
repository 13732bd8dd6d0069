# scikit-learn SGDClassifier(verbose=1): "-- Epoch n" then "Norm: .., NNZs: .., Bias: .., T: .., Avg. loss: .."
from sklearn.datasets import make_classification
from sklearn.linear_model import SGDClassifier
X, y = make_classification(3000, 20, random_state=0)
SGDClassifier(verbose=1, max_iter=12, tol=None, random_state=0).fit(X, y)
