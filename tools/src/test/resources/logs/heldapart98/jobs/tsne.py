# scikit-learn TSNE(verbose=2): '[t-SNE] Iteration n: error = x, gradient norm = y'
from sklearn.datasets import load_digits
from sklearn.manifold import TSNE
X, _ = load_digits(return_X_y=True)
TSNE(verbose=2, random_state=0, n_iter=500, init='pca', learning_rate='auto').fit_transform(X[:600])
