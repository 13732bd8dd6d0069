# scikit-learn LogisticRegression(solver='liblinear', verbose=1): liblinear's Newton report behind '[LibLinear]'
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
X, y = make_classification(5000, 40, random_state=0)
LogisticRegression(solver='liblinear', verbose=1, C=100.0, tol=1e-8).fit(X, y)
