# resuming from a checkpoint that was cut off while it was being written (the copy stopped at half its size)
import os, torch, common_loop
m = common_loop.train(30)
torch.save({'model': m.state_dict(), 'step': 30}, '/tmp/rf_ckpt.pt')
data = open('/tmp/rf_ckpt.pt', 'rb').read()
open('/tmp/rf_ckpt_copy.pt', 'wb').write(data[:len(data) // 2])
common_loop.log.info('resuming from /tmp/rf_ckpt_copy.pt')
state = torch.load('/tmp/rf_ckpt_copy.pt')
