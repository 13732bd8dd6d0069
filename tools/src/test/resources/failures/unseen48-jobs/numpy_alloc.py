# numpy asked for an array far beyond RAM while building features after a few epochs
import numpy as np, common_loop
def hook(step, model):
    if step == 40:
        np.zeros((3_000_000, 2_000_000))
common_loop.train(100, hook=hook)
