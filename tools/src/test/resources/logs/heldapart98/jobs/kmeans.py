# scikit-learn KMeans(verbose=1): 'Iteration n, inertia x.' until convergence
from sklearn.datasets import make_blobs
from sklearn.cluster import KMeans
X, _ = make_blobs(20000, 10, centers=12, cluster_std=4.0, random_state=0)
KMeans(12, verbose=1, n_init=1, random_state=0, algorithm='lloyd').fit(X)
