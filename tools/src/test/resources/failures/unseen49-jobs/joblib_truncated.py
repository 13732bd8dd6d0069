# scikit-learn's documented persistence: joblib.load of a model file that was cut short
import joblib, numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.datasets import make_classification
X, y = make_classification(2000, 20, random_state=0)
joblib.dump(RandomForestClassifier(30, random_state=0).fit(X, y), '/tmp/rf.joblib')
data = open('/tmp/rf.joblib', 'rb').read()
open('/tmp/rf_partial.joblib', 'wb').write(data[: len(data) // 2])
print('warm-starting from /tmp/rf_partial.joblib', flush=True)
clf = joblib.load('/tmp/rf_partial.joblib')
