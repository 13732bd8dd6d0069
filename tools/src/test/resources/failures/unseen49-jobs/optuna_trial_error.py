# optuna 3.1: an objective that fails on a parameter combination the model cannot take
import optuna, torch
torch.manual_seed(0)
X = torch.randn(256, 8); y = X @ torch.randn(8, 1)
def objective(trial):
    hidden = trial.suggest_int('hidden', 4, 64)
    heads = trial.suggest_int('heads', 3, 5)
    attn = torch.nn.MultiheadAttention(hidden, heads)
    return float(hidden)
optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1)).optimize(objective, n_trials=10)
