# scikit-learn MLPClassifier(verbose=True, early_stopping=True): "Iteration n, loss = x" and "Validation score: y"
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier
X, y = make_classification(3000, 20, random_state=0)
MLPClassifier((64,), max_iter=200, verbose=True, early_stopping=True, random_state=0).fit(X, y)
