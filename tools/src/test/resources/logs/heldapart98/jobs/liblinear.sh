# liblinear's train (Debian's liblinear-tools 2.3.0), L2-regularised logistic regression in the primal (-s 0):
# its trust-region Newton solver prints 'iter n act .. pre .. delta .. f x |g| y CG k' per iteration
python3 -c "
import numpy as np
rng = np.random.default_rng(0)
X = rng.normal(size=(3000, 25)); y = (X @ rng.normal(size=25) + rng.normal(size=3000) > 0)
with open('/tmp/ll.txt', 'w') as f:
    for xi, yi in zip(X, y):
        f.write(('+1' if yi else '-1') + ' ' + ' '.join(f'{j+1}:{v:.4f}' for j, v in enumerate(xi)) + '\n')
"
liblinear-train -s 0 -c 10 -e 0.0001 /tmp/ll.txt /tmp/ll.model
