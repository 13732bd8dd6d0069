# scikit-learn MiniBatchKMeans(verbose=1): 'Minibatch step n/N: mean batch inertia: x, ewa inertia: y'
from sklearn.datasets import make_blobs
from sklearn.cluster import MiniBatchKMeans
X, _ = make_blobs(20000, 10, centers=8, random_state=0)
MiniBatchKMeans(8, verbose=1, n_init=1, random_state=0, batch_size=256, max_iter=3).fit(X)
