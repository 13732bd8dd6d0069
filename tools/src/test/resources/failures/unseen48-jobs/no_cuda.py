# a script written for a GPU host, run where torch has no CUDA
import torch, common_loop
common_loop.log.info('torch %s, moving the model to cuda', torch.__version__)
model = torch.nn.Linear(32, 1).cuda()
