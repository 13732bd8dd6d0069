# scikit-learn NMF(verbose=1, solver='mu'): 'Epoch n reached after t seconds, error: x'
import numpy as np
from sklearn.decomposition import NMF
X = np.abs(np.random.default_rng(0).normal(size=(300, 60)))
NMF(10, solver='mu', verbose=1, max_iter=200, init='random', random_state=0).fit(X)
