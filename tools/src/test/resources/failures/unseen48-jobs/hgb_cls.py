# scikit-learn HistGradientBoostingClassifier(verbose=1) with early stopping on a validation fraction
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
X, y = make_classification(20000, 20, random_state=0)
HistGradientBoostingClassifier(max_iter=40, verbose=1, early_stopping=True, random_state=0).fit(X, y)
