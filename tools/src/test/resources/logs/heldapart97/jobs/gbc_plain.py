# scikit-learn GradientBoostingClassifier(verbose=2) without subsampling: Iter / Train Loss / Remaining Time, every row
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier
X, y = make_classification(2000, 20, random_state=0)
GradientBoostingClassifier(n_estimators=30, verbose=2, random_state=0).fit(X, y)
