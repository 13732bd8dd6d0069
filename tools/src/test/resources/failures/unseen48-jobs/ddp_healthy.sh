#!/bin/sh
exec /usr/bin/python3 -m torch.distributed.run --nproc_per_node 2 --redirects 1 --tee 1 ddp_job.py --steps 120
