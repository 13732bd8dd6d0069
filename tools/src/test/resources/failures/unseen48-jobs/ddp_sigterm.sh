#!/bin/sh
# torchrun sent SIGTERM 9 s in, as a scheduler preempting the job does
/usr/bin/python3 -m torch.distributed.run --nproc_per_node 2 --redirects 1 --tee 1 ddp_job.py &
sleep 9
kill -TERM $!
wait
