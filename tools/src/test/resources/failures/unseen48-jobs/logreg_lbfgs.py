# scikit-learn LogisticRegression(solver="lbfgs", verbose=1): SciPy's Fortran L-BFGS-B iteration report
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
X, y = make_classification(3000, 20, random_state=0)
LogisticRegression(solver='lbfgs', verbose=1, max_iter=200).fit(X, y)
