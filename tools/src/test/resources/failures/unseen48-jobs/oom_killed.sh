#!/bin/bash
# the trainer kills itself with SIGKILL at step 70, as the kernel's OOM killer would; bash reports it
/usr/bin/python3 -u oom_killed.py; echo "exit status $?"
