"""A skorch job as its users write one, for the product to babysit: NeuralNetClassifier, skorch's own
epoch table (ANSI colours included), a Checkpoint callback saving params_{epoch}.pt every epoch, resuming
from RESUME_FROM (or --resume-from) with its history. Faults by flag: --kill-at E (SIGKILL at the end of
epoch E, once: as the OOM killer would) and --nan-at E (a poisoned update at the start of epoch E: the
weights and every loss after it are NaN)."""
import argparse, os, signal, time
import numpy as np, torch
from sklearn.datasets import make_classification
from skorch import NeuralNetClassifier
from skorch.callbacks import Checkpoint, Callback

p = argparse.ArgumentParser()
p.add_argument('--epochs', type=int, default=20)
p.add_argument('--out', required=True)
p.add_argument('--epoch-time', type=float, default=0.5)
p.add_argument('--lr', type=float, default=0.1)
p.add_argument('--resume-from', default=None)
p.add_argument('--kill-at', type=int, default=None)
p.add_argument('--nan-at', type=int, default=None)
a = p.parse_args()
ckdir = os.path.join(a.out, 'checkpoints')
os.makedirs(ckdir, exist_ok=True)

class Faults(Callback):
    def on_epoch_begin(self, net, **kw):
        if a.nan_at is not None and len(net.history) >= a.nan_at:
            with torch.no_grad():
                net.module_[0].weight.fill_(float('nan'))

    def on_epoch_end(self, net, **kw):
        time.sleep(a.epoch_time)
        epoch = net.history[-1]['epoch']
        fired = os.path.join(a.out, '.faults_fired')
        if a.kill_at == epoch and not os.path.exists(os.path.join(fired, 'kill')):
            os.makedirs(fired, exist_ok=True)
            open(os.path.join(fired, 'kill'), 'w').close()
            os.kill(os.getpid(), signal.SIGKILL)

torch.manual_seed(0)
X, y = make_classification(2000, 20, n_informative=10, random_state=0)
X = X.astype(np.float32); y = y.astype(np.int64)
cp = Checkpoint(monitor=None, dirname=ckdir, f_params='params_{last_epoch[epoch]}.pt',
                f_optimizer=None, f_criterion=None, f_history='history.json')
net = NeuralNetClassifier(torch.nn.Sequential(torch.nn.Linear(20, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2),
                                              torch.nn.Softmax(dim=-1)),
                          max_epochs=a.epochs, lr=a.lr, callbacks=[Faults(), cp])
resume = os.environ.get('RESUME_FROM') or a.resume_from
net.initialize()
if resume:
    epoch = int(os.path.basename(resume).split('_')[1].split('.')[0])
    net.load_params(f_params=resume, f_history=os.path.join(ckdir, 'history.json'))
    del net.history[epoch:]  # history.json is the latest epoch's; keep what the checkpoint had seen
    print(f'resuming from {resume} at epoch {epoch}', flush=True)
    left = a.epochs - epoch
    if left > 0:
        net.partial_fit(X, y, epochs=left)
else:
    net.fit(X, y)
