# a host allocation far beyond RAM in the middle of training (an eval buffer sized from a wrong config)
import torch, common_loop
def hook(step, model):
    if step == 60:
        common_loop.log.info('allocating the eval buffer')
        torch.empty(4_000_000_000_000, dtype=torch.float32)
common_loop.train(200, hook=hook)
