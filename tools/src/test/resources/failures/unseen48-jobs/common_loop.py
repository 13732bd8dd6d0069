# a small real PyTorch training loop, printed with the logging module, shared by the failure jobs
import logging, sys, torch
logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s', stream=sys.stdout)
log = logging.getLogger('train')
def train(steps, every=10, hook=None):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(32, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    for step in range(1, steps + 1):
        x = torch.randn(64, 32); y = x.sum(1, keepdim=True)
        loss = torch.nn.functional.mse_loss(model(x), y)
        opt.zero_grad(); loss.backward(); opt.step()
        if step % every == 0:
            log.info('step %d/%d loss %.4f lr %.4g', step, steps, loss.item(), opt.param_groups[0]['lr'])
        if hook:
            hook(step, model)
    return model
