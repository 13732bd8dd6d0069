# a checkpoint save onto a volume that is full (a 2 MiB tmpfs stands in for the run's disk)
import torch, common_loop
def hook(step, model):
    if step % 50 == 0:
        big = {'model': model.state_dict(), 'buf': torch.zeros(1_000_000)}
        path = '/tmp/rf_small/ckpt_%d.pt' % step
        common_loop.log.info('saving checkpoint to %s', path)
        torch.save(big, path)
common_loop.train(200, hook=hook)
