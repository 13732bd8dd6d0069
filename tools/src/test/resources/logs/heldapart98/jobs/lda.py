# scikit-learn LatentDirichletAllocation(verbose=1, evaluate_every=1): 'iteration: n of max_iter: N, perplexity: x'
import numpy as np
from sklearn.decomposition import LatentDirichletAllocation
X = np.random.default_rng(0).poisson(1.0, size=(400, 200))
LatentDirichletAllocation(8, max_iter=15, evaluate_every=1, verbose=1, random_state=0).fit(X)
