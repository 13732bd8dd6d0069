# a DataLoader worker killed by SIGKILL (what the kernel's OOM killer does), seen by the training loop
import os, signal, torch, logging, sys
from torch.utils.data import DataLoader, Dataset
logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s', stream=sys.stdout)
log = logging.getLogger('train')
class D(Dataset):
    def __len__(self): return 100000
    def __getitem__(self, i):
        if i == 3000 and torch.utils.data.get_worker_info() is not None:
            os.kill(os.getpid(), signal.SIGKILL)
        return torch.randn(32), torch.randn(1)
model = torch.nn.Linear(32, 1); opt = torch.optim.SGD(model.parameters(), lr=0.01)
for step, (x, y) in enumerate(DataLoader(D(), batch_size=64, num_workers=2), 1):
    loss = torch.nn.functional.mse_loss(model(x), y); opt.zero_grad(); loss.backward(); opt.step()
    if step % 10 == 0:
        log.info('step %d loss %.4f', step, loss.item())
