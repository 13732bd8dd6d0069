# pomegranate 0.14 (Debian): HiddenMarkovModel.from_samples(verbose=True) prints '[n] Improvement: x, Time: t'
import numpy as np
from pomegranate import HiddenMarkovModel, NormalDistribution
rng = np.random.default_rng(0)
X = [np.concatenate([rng.normal(0, 1, 50), rng.normal(5, 1, 50)]) for _ in range(40)]
HiddenMarkovModel.from_samples(NormalDistribution, n_components=3, X=X, verbose=True, max_iterations=20,
                               stop_threshold=1e-9)
