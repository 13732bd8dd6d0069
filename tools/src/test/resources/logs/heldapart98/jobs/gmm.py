# scikit-learn GaussianMixture(verbose=2, verbose_interval=1): 'Iteration n\t time lapse t\t ll change x'
from sklearn.datasets import make_blobs
from sklearn.mixture import GaussianMixture
X, _ = make_blobs(5000, 5, centers=6, cluster_std=3.0, random_state=0)
GaussianMixture(6, covariance_type="full", verbose=2, verbose_interval=1, random_state=0, tol=1e-6, max_iter=40).fit(X)
