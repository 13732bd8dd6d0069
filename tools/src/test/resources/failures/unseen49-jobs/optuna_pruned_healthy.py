# optuna 3.1 with a MedianPruner over a small torch model: finished and pruned trials, all healthy
import optuna, torch
torch.manual_seed(0)
X = torch.randn(512, 8); y = X @ torch.randn(8, 1) + 0.1 * torch.randn(512, 1)
def objective(trial):
    lr = trial.suggest_float('lr', 1e-4, 1e-1, log=True)
    model = torch.nn.Linear(8, 1); opt = torch.optim.SGD(model.parameters(), lr=lr)
    for step in range(40):
        opt.zero_grad(); loss = torch.nn.functional.mse_loss(model(X), y); loss.backward(); opt.step()
        trial.report(loss.item(), step)
        if trial.should_prune():
            raise optuna.TrialPruned()
    return loss.item()
optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0), pruner=optuna.pruners.MedianPruner(n_startup_trials=3)).optimize(objective, n_trials=15)
