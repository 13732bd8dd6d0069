# the training process is killed by SIGKILL mid-run, as the kernel's OOM killer does; the shell reports it
import os, signal, common_loop
def hook(step, model):
    if step == 70:
        os.kill(os.getpid(), signal.SIGKILL)
common_loop.train(200, hook=hook)
