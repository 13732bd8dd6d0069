# a code bug: the model's input width no longer matches the data after a feature change
import torch, common_loop
common_loop.train(20)
model = torch.nn.Linear(32, 1)
model(torch.randn(8, 48))
