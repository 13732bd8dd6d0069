#!/bin/sh
# rank 1 stops before a collective; gloo's 15 s timeout fails rank 0 and torchrun reports it
exec /usr/bin/python3 -m torch.distributed.run --nproc_per_node 2 --redirects 1 --tee 1 ddp_job.py --hang
