#!/usr/bin/python3
"""A tiny, real PyTorch DistributedDataParallel trainer for CPU (gloo), run under torchrun.

The babysitter's scenario tests run it to show the product looks after a real distributed job:
real torch.distributed processes, a real torchrun agent, real collectives that block when a peer
hangs, real single-file checkpoints. See README.md next to this file for the command lines.

Model: a 2-layer MLP classifying synthetic points into 16 classes (labels from a fixed random
"teacher"), so the loss starts near ln(16) = 2.77 and falls like a language model's would.
Every batch is a pure function of (seed, step, rank): the data position is the step, and a run
resumed from ckpt_N.pt prints, at every later step, the same loss as an uninterrupted run.

Logs (rank 0 only, stdout, one flushed line per step) use nanoGPT's train.py format:
    iter 120: loss 2.3456, time 45.12ms, mfu 0.00%
    step 200: train loss 2.1000, val loss 2.3000          (--eval-every)
"""
import argparse
import datetime
import math
import os
import re
import signal
import sys
import time
import traceback

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP

IN_DIM, HIDDEN, CLASSES = 32, 128, 16
CKPT_RE = re.compile(r"^ckpt_(\d+)\.pt$")
EVAL_ROWS = 512
A100_BF16_PEAK_FLOPS = 312e12  # nanoGPT's estimate_mfu reference


def log(msg):
    """Rank 0 prints; everyone else stays quiet (as nanoGPT's master_process does)."""
    if RANK == 0:
        print(msg, flush=True)


def die(msg, code=2):
    print("train_ddp.py: error: %s" % msg, file=sys.stderr, flush=True)
    sys.exit(code)


def parse_fault(spec, flag):
    if spec is None:
        return None
    m = re.match(r"^(\d+)@(\d+)$", spec)
    if not m:
        die("%s wants RANK@STEP, got %r" % (flag, spec))
    return int(m.group(1)), int(m.group(2))


def parse_args():
    p = argparse.ArgumentParser(description="tiny DDP trainer (CPU, gloo) for babysitter tests")
    p.add_argument("--steps", type=int, default=200, help="final step (default 200)")
    p.add_argument("--out", required=True, help="output root; checkpoints go to OUT/checkpoints/")
    p.add_argument("--ckpt-every", type=int, default=50, help="checkpoint every K steps (default 50)")
    p.add_argument("--log-every", type=int, default=1, help="progress line every K steps (default 1)")
    p.add_argument("--eval-every", type=int, default=0, help="eval line every E steps (default 0: never)")
    p.add_argument("--step-time", type=float, default=0.05,
                   help="pacing: sleep S seconds per step (default 0.05 -> 200 steps in ~11 s)")
    p.add_argument("--startup-sleep", type=float, default=0.0,
                   help="silent phase before the first output line (imports, model load, download)")
    p.add_argument("--resume-from", default=None, help="checkpoint file (RESUME_FROM wins over it)")
    p.add_argument("--batch-size", type=int, default=64, help="per-rank batch size (default 64)")
    p.add_argument("--lr", type=float, default=3e-3, help="max learning rate (default 3e-3)")
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--kill-rank", default=None, metavar="R@STEP",
                   help="at STEP rank R SIGKILLs itself (once per --out)")
    p.add_argument("--hang-rank", default=None, metavar="R@STEP",
                   help="at STEP rank R sleeps forever before its collective (once per --out)")
    p.add_argument("--nan-at", type=int, default=None, metavar="STEP",
                   help="loss is nan from STEP on (every run, never one-shot)")
    a = p.parse_args()
    a.kill_rank = parse_fault(a.kill_rank, "--kill-rank")
    a.hang_rank = parse_fault(a.hang_rank, "--hang-rank")
    if a.steps < 1 or a.ckpt_every < 1 or a.log_every < 1 or a.eval_every < 0:
        die("--steps, --ckpt-every and --log-every must be >= 1, --eval-every >= 0")
    return a


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(IN_DIM, HIDDEN)
        self.fc2 = nn.Linear(HIDDEN, CLASSES)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


def teacher(seed):
    g = torch.Generator().manual_seed(seed ^ 0x5EED)
    return torch.randn(IN_DIM, CLASSES, generator=g)


def batch(seed, step, rank, n, w_teacher, split=0):
    """Deterministic synthetic batch: a pure function of (seed, split, step, rank)."""
    g = torch.Generator().manual_seed(seed * 1000003 + split * 7919 + step * 1009 + rank)
    x = torch.randn(n, IN_DIM, generator=g)
    logits = x @ w_teacher + 1.5 * torch.randn(n, CLASSES, generator=g)  # noisy labels: loss floor > 0
    return x, logits.argmax(dim=1)


def lr_at(step, total, max_lr):
    """nanoGPT's schedule: linear warmup then cosine decay to max_lr/10."""
    warmup = max(1, total // 20)
    if step <= warmup:
        return max_lr * step / warmup
    ratio = (step - warmup) / max(1, total - warmup)
    return max_lr / 10 + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (max_lr - max_lr / 10)


def ckpt_dir(out):
    return os.path.join(out, "checkpoints")


def newest_checkpoint(directory):
    best = None
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return None
    for name in names:
        m = CKPT_RE.match(name)  # ckpt_N.pt only: ckpt_N.pt.tmp is an unfinished save
        if m and (best is None or int(m.group(1)) > best[0]):
            best = (int(m.group(1)), os.path.join(directory, name))
    return best[1] if best else None


def load_checkpoint(path, origin):
    """Loads a checkpoint or exits non-zero: a resume point that is not a complete file is an error."""
    if not os.path.exists(path):
        die("%s checkpoint %s does not exist" % (origin, path))
    if not os.path.isfile(path):
        die("%s checkpoint %s is not a file (want OUT/checkpoints/ckpt_N.pt)" % (origin, path))
    if path.endswith(".tmp"):
        die("%s checkpoint %s is an unfinished save (.tmp)" % (origin, path))
    try:
        state = torch.load(path, map_location="cpu")
    except Exception as e:  # truncated or corrupt file
        die("%s checkpoint %s is incomplete or corrupt: %s: %s" % (origin, path, type(e).__name__, e))
    missing = [k for k in ("model", "optimizer", "step", "rng") if not isinstance(state, dict) or k not in state]
    if missing:
        die("%s checkpoint %s is incomplete: missing %s" % (origin, path, ", ".join(missing)))
    return state


def save_checkpoint(out, step, model, optimizer, args):
    """Rank 0 writes ckpt_N.pt.tmp, fsyncs it and renames it to ckpt_N.pt; everyone meets at a barrier.

    Every rank's RNG state is gathered so a resume restores each rank's generator; the data
    position is the step itself (batches are a function of it).
    """
    rng = torch.get_rng_state()
    rngs = [None] * WORLD
    if WORLD > 1:
        dist.all_gather_object(rngs, rng)
    else:
        rngs = [rng]
    if RANK == 0:
        directory = ckpt_dir(out)
        os.makedirs(directory, exist_ok=True)
        final = os.path.join(directory, "ckpt_%d.pt" % step)
        tmp = final + ".tmp"
        log("saving checkpoint to %s" % final)
        state = {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "step": step,
            "rng": rngs,
            "data_position": step,
            "world_size": WORLD,
            "config": {"seed": args.seed, "batch_size": args.batch_size, "lr": args.lr, "steps": args.steps},
        }
        with open(tmp, "wb") as fh:
            torch.save(state, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)  # atomic: a file under the final name is complete
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    if WORLD > 1:
        dist.barrier()


def fault_marker(out, name):
    return os.path.join(out, ".faults_fired", name)


def fire_once(out, name):
    """True the first time a fault fires for this output root; leaves a marker so relaunches skip it."""
    path = fault_marker(out, name)
    if os.path.exists(path):
        return False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write("rank %d pid %d at %s\n" % (RANK, os.getpid(), time.strftime("%Y-%m-%dT%H:%M:%S")))
        fh.flush()
        os.fsync(fh.fileno())
    return True


def main():
    args = parse_args()
    # Find the resume point before joining the group, so a bad RESUME_FROM fails fast on every rank.
    env_resume = os.environ.get("RESUME_FROM", "").strip()
    if env_resume:
        resume_path, origin = env_resume, "RESUME_FROM"
    elif args.resume_from:
        resume_path, origin = args.resume_from, "--resume-from"
    else:
        resume_path, origin = newest_checkpoint(ckpt_dir(args.out)), "newest"
    state = load_checkpoint(resume_path, origin) if resume_path else None

    torch.set_num_threads(1)  # 2 ranks on 2 cores; also keeps CPU kernels deterministic
    if DISTRIBUTED:
        # gloo's default timeout is 30 min; spelled out: a hung peer is for the babysitter to notice.
        dist.init_process_group("gloo", timeout=datetime.timedelta(minutes=30))

    if args.startup_sleep > 0:
        time.sleep(args.startup_sleep)  # silent: imports, model load, data download

    torch.manual_seed(args.seed)  # same initial weights on every rank (DDP also broadcasts rank 0's)
    w_teacher = teacher(args.seed)
    model = MLP()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)
    step = 0
    if state is not None:
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        step = int(state["step"])
        rngs = state["rng"]
        if len(rngs) > RANK:
            torch.set_rng_state(rngs[RANK])
        log("resuming from %s at step %d" % (resume_path, step))
    else:
        log("starting from scratch")
    ddp = DDP(model) if DISTRIBUTED else model
    n_params = sum(p.numel() for p in model.parameters())
    log("number of parameters: %.2fM" % (n_params / 1e6))
    log(f"tokens per iteration will be: {args.batch_size * WORLD:,}")

    if step >= args.steps:
        log("checkpoint is at step %d >= --steps %d: nothing to train" % (step, args.steps))
        if not os.path.exists(os.path.join(ckpt_dir(args.out), "ckpt_%d.pt" % step)):
            save_checkpoint(args.out, step, model, optimizer, args)
        finish()
        return

    flops_per_iter = 6 * n_params * args.batch_size * WORLD
    running_mfu = -1.0
    local_iter = 0
    t0 = time.time()
    while step < args.steps:
        step += 1
        lr = lr_at(step, args.steps, args.lr)
        for group in optimizer.param_groups:
            group["lr"] = lr
        if args.step_time > 0:
            time.sleep(args.step_time)
        x, y = batch(args.seed, step, RANK, args.batch_size, w_teacher)
        if args.nan_at is not None and step >= args.nan_at:
            x = x * float("nan")  # every run: a NaN run must not be "fixed" by relaunching
            if RANK == 0 and step == args.nan_at:
                fire_once(args.out, "nan_onset")  # only a timestamp for detection latency
        if args.kill_rank and args.kill_rank == (RANK, step) and fire_once(args.out, "kill-rank-%d@%d" % (RANK, step)):
            os.kill(os.getpid(), signal.SIGKILL)
        if args.hang_rank and args.hang_rank == (RANK, step) and fire_once(args.out, "hang-rank-%d@%d" % (RANK, step)):
            while True:  # alive, silent, idle; the peer blocks in backward's all-reduce
                time.sleep(3600)
        loss = F.cross_entropy(ddp(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # DDP all-reduces gradients here (gloo)
        optimizer.step()

        t1 = time.time()
        dt, t0 = t1 - t0, t1
        local_iter += 1
        if step % args.log_every == 0 or step == args.steps:
            lossf = loss.item()
            if local_iter >= 5:  # nanoGPT lets the first iterations settle before estimating MFU
                mfu = flops_per_iter / dt / A100_BF16_PEAK_FLOPS
                running_mfu = mfu if running_mfu == -1.0 else 0.9 * running_mfu + 0.1 * mfu
            log(f"iter {step}: loss {lossf:.4f}, time {dt*1000:.2f}ms, mfu {running_mfu*100:.2f}%")
        if args.eval_every and step % args.eval_every == 0 and RANK == 0:
            train_loss, val_loss = evaluate(model, args, w_teacher)
            log(f"step {step}: train loss {train_loss:.4f}, val loss {val_loss:.4f}")
        if step % args.ckpt_every == 0 or step == args.steps:
            save_checkpoint(args.out, step, model, optimizer, args)
    finish()


@torch.no_grad()
def evaluate(model, args, w_teacher):
    """Rank 0 only, on the bare module (no collective); its own generators leave the global RNG alone."""
    out = []
    for split in (1, 2):
        x, y = batch(args.seed, 0, 0, EVAL_ROWS, w_teacher, split=split)
        out.append(F.cross_entropy(model(x), y).item())
    return out[0], out[1]


def finish():
    """Exit 0 after the final checkpoint, skipping interpreter teardown.

    With torch 1.13 + gloo, letting Python tear down DDP at exit can deadlock: the main thread
    (holding the GIL) destroys the Reducer -> ProcessGroupGloo::~ProcessGroupGloo joins gloo's
    worker thread, which is freeing a tensor and waits for the GIL. Seen here once in ~10 runs:
    rank 0 exited 0, rank 1 never did, and torchrun waited forever. So: barrier, flush, _exit.
    """
    if DISTRIBUTED:
        dist.barrier()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


DISTRIBUTED = "WORLD_SIZE" in os.environ
RANK = int(os.environ.get("RANK", "0")) if DISTRIBUTED else 0
WORLD = int(os.environ.get("WORLD_SIZE", "1")) if DISTRIBUTED else 1

if __name__ == "__main__":
    try:
        main()
    except Exception:
        # Print as Python would, then skip teardown (same deadlock risk as in finish()).
        traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)
