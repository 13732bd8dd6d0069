# a small DDP job on CPU with gloo; --hang makes rank 1 stop before a collective, --long runs for a while
import argparse, datetime, os, sys, time, torch, torch.distributed as dist
p = argparse.ArgumentParser(); p.add_argument('--hang', action='store_true'); p.add_argument('--steps', type=int, default=400)
a = p.parse_args()
dist.init_process_group('gloo', timeout=datetime.timedelta(seconds=15))
rank = dist.get_rank()
torch.manual_seed(rank)
model = torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(32, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
for step in range(1, a.steps + 1):
    if a.hang and rank == 1 and step == 30:
        time.sleep(3600)
    x = torch.randn(64, 32); loss = torch.nn.functional.mse_loss(model(x), x.sum(1, keepdim=True))
    opt.zero_grad(); loss.backward(); opt.step()
    if rank == 0 and step % 10 == 0:
        print(f'epoch 0 | step {step}/{a.steps} | loss {loss.item():.4f}', flush=True)
    time.sleep(0.05)
dist.destroy_process_group()
