# scikit-learn RandomForestClassifier(verbose=2, n_jobs=1): 'building tree i of N', then joblib's Parallel report
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
X, y = make_classification(3000, 20, random_state=0)
RandomForestClassifier(40, verbose=2, n_jobs=1, random_state=0).fit(X, y)
