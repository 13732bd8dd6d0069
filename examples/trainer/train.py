#!/usr/bin/env python3
"""A fake but realistic trainer for exercising Babysitter (stdlib only).

It prints progress in the shape of real frameworks (HuggingFace Trainer, Levanter, nanoGPT),
writes checkpoints with a completion marker written last, resumes from the newest complete
checkpoint, reports fake GPU activity for the fake nvidia-smi, and injects faults on request.
"""
import argparse
import json
import math
import os
import random
import signal
import sys
import time

FAULT_KINDS = ("crash", "hang", "oom", "nan", "slow", "missing_module", "sigterm", "bad_resume")
MEM_TOTAL = 81559


def parse_faults(spec):
    """KIND@STEP[:once][:xF][:fits=N], comma-separated (fits=N: an oom only while the
    per-device batch is above N, as a real CUDA OOM goes away at a smaller micro-batch)."""
    faults = []
    for item in (spec or "").split(","):
        item = item.strip()
        if not item:
            continue
        head, _, rest = item.partition(":")
        kind, at, step = head.partition("@")
        if kind not in FAULT_KINDS or not at:
            sys.exit("train.py: bad fault %r (expected KIND@STEP[:once][:xF], KIND in %s)"
                     % (item, ", ".join(FAULT_KINDS)))
        # bad_resume: a resumed process's loss is off by this factor (lost optimizer state, say)
        factor = 1.05 if kind == "bad_resume" else 3.0
        fault = {"kind": kind, "step": int(step), "once": False, "factor": factor, "id": item,
                 "fits": None}
        for opt in rest.split(":") if rest else []:
            if opt == "once":
                fault["once"] = True
            elif opt.startswith("fits="):
                fault["fits"] = int(opt[5:])
            elif opt.startswith("x"):
                fault["factor"] = float(opt[1:])
            else:
                sys.exit("train.py: bad fault option %r in %r" % (opt, item))
        faults.append(fault)
    return faults


class Faults:
    def __init__(self, faults, out):
        self.faults = faults
        self.dir = os.path.join(out, ".faults_fired")
        # :once faults already fired by an earlier process for this output root stay off.
        self.spent = {f["id"] for f in faults if f["once"] and os.path.exists(self._marker(f))}
        self.fired_here = set()

    def _marker(self, f):
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in f["id"])
        return os.path.join(self.dir, safe)

    def _record(self, f):
        if f["once"] and f["id"] not in self.fired_here:
            os.makedirs(self.dir, exist_ok=True)
            with open(self._marker(f), "w") as fh:
                fh.write("%d\n" % int(time.time()))
        self.fired_here.add(f["id"])

    def fire(self, kind, step, batch=None):
        """True when a one-shot fault of this kind triggers at this step (missing_module: any step)."""
        for f in self.faults:
            if f.get("fits") is not None and batch is not None and batch <= f["fits"]:
                continue
            if f["kind"] == kind and f["id"] not in self.spent and (kind == "missing_module" or f["step"] == step):
                self._record(f)
                return True
        return False

    def active(self, kind, step):
        """A lasting fault (nan, slow) in force at this step, or None."""
        for f in self.faults:
            if f["kind"] == kind and f["id"] not in self.spent and step >= f["step"]:
                self._record(f)
                return f
        return None


def gpu_state_path(arg):
    if arg:
        return arg
    if os.environ.get("BABYSITTER_GPU_STATE"):
        return os.environ["BABYSITTER_GPU_STATE"]
    if os.environ.get("BABYSITTER_HOME"):
        return os.path.join(os.environ["BABYSITTER_HOME"], "gpu_state")
    return None


class Gpu:
    def __init__(self, path, rng):
        self.path = path
        self.rng = rng
        self.mem = int(MEM_TOTAL * (0.60 + 0.15 * rng.random()))

    def report(self, util):
        if not self.path:
            return
        tmp = "%s.tmp.%d" % (self.path, os.getpid())
        mem = self.mem + self.rng.randint(-200, 200)
        with open(tmp, "w") as fh:
            fh.write("%d %d %d %d\n" % (int(time.time()), util, mem, MEM_TOTAL))
        os.replace(tmp, self.path)

    def training(self):
        self.report(self.rng.randint(90, 99))

    def saving(self):
        self.report(self.rng.randint(25, 35))


def out(text):
    sys.stdout.write(text)
    sys.stdout.flush()


def checkpoint_dirs(ckpt_root):
    """Complete checkpoints (have metadata.json), newest step first, ordered numerically."""
    found = []
    if os.path.isdir(ckpt_root):
        for name in os.listdir(ckpt_root):
            if name.startswith("step-") and name[5:].isdigit():
                path = os.path.join(ckpt_root, name)
                if os.path.isfile(os.path.join(path, "metadata.json")):
                    found.append((int(name[5:]), path))
    return sorted(found, reverse=True)


def fmt_clock(seconds):
    seconds = int(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return "%d:%02d:%02d" % (h, m, s) if h else "%02d:%02d" % (m, s)


def tqdm_num(x):
    """tqdm's 3-significant-digit unit formatting (1.00, 11.0, 850, 1.00k)."""
    for unit in ("", "k", "M", "G"):
        if abs(x) < 999.5:
            if abs(x) < 9.995:
                return "%.2f%s" % (x, unit)
            if abs(x) < 99.95:
                return "%.1f%s" % (x, unit)
            return "%.0f%s" % (x, unit)
        x /= 1000.0
    return "%.1fT" % x


class Printer:
    def __init__(self, fmt, total, args):
        self.fmt = fmt
        self.total = total
        self.args = args
        self.t0 = time.time()
        self.last_levanter = 0.0

    def levanter(self, name, filename, message, level="INFO"):
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
        out("%s - 0 - %s - %s - %s :: %s\n" % (stamp, name, filename, level, message))

    def start(self, resumed_from, step):
        if self.fmt == "hf":
            out("***** Running training *****\n")
            out("  Num examples = %d\n" % (self.total * 8 * 64))
            out("  Num Epochs = 1\n")
            out("  Instantaneous batch size per device = 8\n")
            out("  Total optimization steps = %d\n" % self.total)
            if resumed_from:
                out("  Continuing training from checkpoint, will skip to saved global_step\n")
                out("  Continuing training from global step %d\n" % step)
        elif self.fmt == "levanter":
            self.levanter("levanter.trainer", "trainer.py:178", "Setting run id to fake-%d" % os.getpid())
            self.levanter("tqdm_loggable", "tqdm_logging.py:125", "Progress on:train -/%d" % self.total)
            self.levanter("levanter.trainer", "trainer.py:412",
                          "First batch loaded in 0.8s, starting first train step (includes JIT compilation)...")
        else:
            out("tokens per iteration will be: 491,520\n")
            out("number of parameters: 123.59M\n")
            out("compiling the model... (takes a ~minute)\n")

    def resume(self, path, step):
        if self.fmt == "hf":
            out("Resuming from checkpoint %s (global step %d)\n" % (path, step))
        elif self.fmt == "levanter":
            self.levanter("levanter.checkpoint", "checkpoint.py:398", "Discovered latest checkpoint at %s" % path)
            self.levanter("levanter.checkpoint", "checkpoint.py:402", "Loading checkpoint from %s" % path)
        else:
            out("Resuming training from %s (iter %d)\n" % (path, step))

    def step(self, step, first_step, loss, lr, step_time):
        elapsed = time.time() - self.t0
        done = step - first_step
        rate = done / elapsed if elapsed > 0 else 0.0
        remaining = (self.total - step) / rate if rate > 0 else 0
        if self.fmt == "hf":
            pct = int(100 * step / self.total)
            filled = 10 * step / self.total
            blocks = "▏▎▍▌▋▊▉"
            bar = "█" * int(filled)
            frac = filled - int(filled)
            if int(filled) < 10:
                part = blocks[int(frac * 8) - 1] if int(frac * 8) > 0 else " "
                bar += part + " " * (9 - int(filled))
            rate_s = ("%5.2fit/s" % rate) if rate >= 1 or rate == 0 else ("%5.2fs/it" % (1 / rate))
            out("\r%3d%%|%s| %d/%d [%s<%s, %s]" % (pct, bar, step, self.total, fmt_clock(elapsed),
                                                    fmt_clock(remaining), rate_s))
            if step % self.args.log_every == 0:
                epoch = round(step / self.total, 2)
                out("\n{'loss': %s, 'grad_norm': %.4f, 'learning_rate': %.4g, 'epoch': %s}\n"
                    % (fmt_loss(loss, 4), 0.8 + random.random() * 0.8, lr, epoch))
        elif self.fmt == "levanter":
            now = time.time()
            # Real Levanter logs at most once a minute off a TTY; here every --log-every steps.
            if step % self.args.log_every == 0 or step == self.total:
                rate_s = ("rate:%.1fs/it" % (1 / rate)) if 0 < rate < 1 else ("rate:%.1fit/s" % rate)
                self.levanter("tqdm_loggable", "tqdm_logging.py:125",
                              "Progress on:train %sit/%sit %s remaining:%s elapsed:%s postfix:loss=%s"
                              % (tqdm_num(step), tqdm_num(self.total), rate_s, fmt_clock(remaining),
                                 fmt_clock(elapsed), fmt_loss(loss, 3)))
                self.last_levanter = now
            if step == first_step + 1:
                self.levanter("levanter.trainer", "trainer.py:455",
                              "First train step completed in %.1fs (step %d)" % (step_time, step))
        else:
            if step % self.args.log_every == 0:
                out("iter %d: loss %s, time %.2fms, mfu %.2f%%\n"
                    % (step, fmt_loss(loss, 4), step_time * 1000, 33 + random.random() * 4))

    def eval(self, step, loss):
        val = loss + 0.15 if not math.isnan(loss) else loss
        if self.fmt == "hf":
            out("\n{'eval_loss': %s, 'eval_runtime': %.4f, 'eval_samples_per_second': %.3f, "
                "'eval_steps_per_second': %.3f, 'epoch': %s}\n"
                % (fmt_loss(val, 4), 1.2 + random.random() * 0.2, 100 + random.random() * 5,
                   3.1 + random.random() * 0.2, round(step / self.total, 2)))
        elif self.fmt == "levanter":
            self.levanter("levanter.eval", "eval.py:301", "eval loss: %s" % fmt_loss(val, 3))
        else:
            out("step %d: train loss %s, val loss %s\n" % (step, fmt_loss(loss, 4), fmt_loss(val, 4)))

    def saving(self, path, step):
        if self.fmt == "hf":
            out("\nSaving model checkpoint to %s\n" % path)
        elif self.fmt == "levanter":
            self.levanter("levanter.checkpoint", "checkpoint.py:240", "Saving checkpoint at step %d." % step)
            self.levanter("levanter.checkpoint", "checkpoint.py:246", "Saving checkpoint to %s for step %d" % (path, step))
        else:
            out("saving checkpoint to %s\n" % path)

    def saved(self, path, step):
        if self.fmt == "levanter":
            self.levanter("levanter.checkpoint", "checkpoint.py:268", "Saved checkpoint to %s for step %d" % (path, step))

    def finish(self):
        if self.fmt == "hf":
            elapsed = time.time() - self.t0
            out("\n\nTraining completed. Do not forget to share your model on huggingface.co/models =)\n\n")
            out("{'train_runtime': %.4f, 'train_samples_per_second': %.3f, 'train_steps_per_second': %.3f, "
                "'train_loss': %.4f, 'epoch': 1.0}\n" % (elapsed, 512 * self.total / max(elapsed, 1e-3),
                                                        self.total / max(elapsed, 1e-3), 2.1))
        elif self.fmt == "levanter":
            self.levanter("levanter.trainer", "trainer.py:520", "Training complete at step %d" % self.total)


def fmt_loss(loss, digits):
    return "nan" if math.isnan(loss) else ("%." + str(digits) + "f") % loss


def save_checkpoint(ckpt_root, step, loss, rng, gpu, printer, save_time):
    path = os.path.join(ckpt_root, "step-%d" % step)
    printer.saving(path, step)
    os.makedirs(path, exist_ok=True)
    gpu.saving()
    with open(os.path.join(path, "state.json"), "w") as fh:
        json.dump({"step": step, "loss": None if math.isnan(loss) else loss,
                   "rng_state": repr(rng.getstate()[1][:4])}, fh)
    time.sleep(save_time)  # saving takes time; a kill here leaves an incomplete checkpoint
    gpu.saving()
    tmp = os.path.join(path, "metadata.json.tmp")
    with open(tmp, "w") as fh:
        json.dump({"step": step, "timestamp": time.time(), "loss": None if math.isnan(loss) else loss}, fh)
    os.replace(tmp, os.path.join(path, "metadata.json"))  # written LAST: the completion marker
    printer.saved(path, step)


TRACE_CRASH = """Traceback (most recent call last):
  File "/workspace/train.py", line 212, in <module>
    main()
  File "/workspace/train.py", line 205, in main
    trainer.train(resume_from_checkpoint=args.resume_from)
  File "/usr/local/lib/python3.11/site-packages/transformers/trainer.py", line 1938, in train
    return inner_training_loop(
  File "/usr/local/lib/python3.11/site-packages/transformers/trainer.py", line 2279, in _inner_training_loop
    tr_loss_step = self.training_step(model, inputs)
  File "/usr/local/lib/python3.11/site-packages/transformers/trainer.py", line 3349, in training_step
    self.accelerator.backward(loss, **kwargs)
  File "/usr/local/lib/python3.11/site-packages/accelerate/accelerator.py", line 2159, in backward
    loss.backward(**kwargs)
  File "/usr/local/lib/python3.11/site-packages/torch/_tensor.py", line 521, in backward
    torch.autograd.backward(
  File "/usr/local/lib/python3.11/site-packages/torch/autograd/__init__.py", line 289, in backward
    _engine_run_backward(
  File "/usr/local/lib/python3.11/site-packages/torch/distributed/distributed_c10d.py", line 2288, in all_reduce
    work = group.allreduce([tensor], opts)
torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1970, unhandled system error (run with NCCL_DEBUG=INFO for details), NCCL version 2.19.3
ncclSystemError: System call (e.g. socket, malloc) or external library call failed or device error.
Last error:
socketProgress: Connection closed by remote peer
"""

TRACE_OOM = """Traceback (most recent call last):
  File "/workspace/train.py", line 212, in <module>
    main()
  File "/workspace/train.py", line 205, in main
    trainer.train(resume_from_checkpoint=args.resume_from)
  File "/usr/local/lib/python3.11/site-packages/transformers/trainer.py", line 1938, in train
    return inner_training_loop(
  File "/usr/local/lib/python3.11/site-packages/transformers/trainer.py", line 2279, in _inner_training_loop
    tr_loss_step = self.training_step(model, inputs)
  File "/usr/local/lib/python3.11/site-packages/transformers/trainer.py", line 3318, in training_step
    loss = self.compute_loss(model, inputs)
  File "/usr/local/lib/python3.11/site-packages/torch/nn/modules/module.py", line 1553, in _wrapped_call_impl
    return self._call_impl(*args, **kwargs)
  File "/usr/local/lib/python3.11/site-packages/transformers/models/llama/modeling_llama.py", line 1189, in forward
    logits = logits.float()
torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.15 GiB of which 1.02 GiB is free. Process 48213 has 78.12 GiB memory in use. Of the allocated memory 74.31 GiB is allocated by PyTorch, and 2.87 GiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  See documentation for Memory Management  (https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)
"""

TRACE_MODULE = """Traceback (most recent call last):
  File "/workspace/train.py", line 14, in <module>
    from transformers import AutoModelForCausalLM, Trainer, TrainingArguments
  File "/usr/local/lib/python3.11/site-packages/transformers/models/llama/modeling_llama.py", line 54, in <module>
    from flash_attn import flash_attn_func, flash_attn_varlen_func
ModuleNotFoundError: No module named 'flash_attn'
"""


def die(trace):
    out("\n")
    sys.stderr.write(trace)
    sys.stderr.flush()
    sys.exit(1)


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Fake trainer for Babysitter: realistic logs, checkpoints, resume, fake GPU "
                    "activity and fault injection. Standard library only.",
        epilog="Faults (--faults or TRAINER_FAULTS): comma-separated KIND@STEP[:once][:xF], KIND one of "
               "crash, hang, oom, nan, slow, missing_module, sigterm, bad_resume (a resumed process's loss x F, "
               "default 1.05). ':once' fires only the first time "
               "for this --out (markers in OUT/.faults_fired/); ':xF' is the slow-down factor (default 3). "
               "Example: --faults crash@8:once,slow@20:x4")
    p.add_argument("--steps", type=int, required=True, help="final step")
    p.add_argument("--out", required=True, help="output root; checkpoints in OUT/checkpoints/step-N/")
    p.add_argument("--ckpt-every", type=int, default=0, help="checkpoint every K steps (0: only the final one)")
    p.add_argument("--step-time", type=float, default=0.2, help="seconds slept per step (default 0.2)")
    p.add_argument("--log-every", type=int, default=1, help="log every K steps (default 1)")
    p.add_argument("--eval-every", type=int, default=0, help="evaluate every K steps (0: never)")
    p.add_argument("--format", choices=("hf", "levanter", "nanogpt"), default="hf", help="log format (default hf)")
    p.add_argument("--faults", default=None, help="fault spec; default env TRAINER_FAULTS")
    p.add_argument("--resume-from", default=None, help="checkpoint dir to resume from; default env RESUME_FROM, "
                                                      "else the newest complete checkpoint")
    p.add_argument("--eval-batch-size", type=int, default=None, help="default env EVAL_BATCH_SIZE, else 64")
    p.add_argument("--gpu-state", default=None, help="GPU activity file; default env BABYSITTER_GPU_STATE, "
                                                     "else $BABYSITTER_HOME/gpu_state, else none")
    p.add_argument("--per-device-train-batch-size", type=int, default=8,
                   help="micro-batch per device (default 8); an oom fault with fits=N fires only above N")
    p.add_argument("--gradient-accumulation-steps", type=int, default=1,
                   help="gradient accumulation steps (default 1)")
    p.add_argument("--save-time", type=float, default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.log_every = max(1, args.log_every)

    faults_spec = args.faults if args.faults is not None else os.environ.get("TRAINER_FAULTS", "")
    faults = Faults(parse_faults(faults_spec), args.out)
    resume_from = args.resume_from or os.environ.get("RESUME_FROM") or None
    eval_bs = args.eval_batch_size or int(os.environ.get("EVAL_BATCH_SIZE") or 64)
    save_time = args.save_time if args.save_time is not None else max(0.05, min(2.0, args.step_time * 2))
    ckpt_root = os.path.join(args.out, "checkpoints")

    if faults.fire("missing_module", 0):
        die(TRACE_MODULE)

    start = 0
    if resume_from:
        if not os.path.isfile(os.path.join(resume_from, "metadata.json")):
            sys.stderr.write("train.py: cannot resume from %s: no metadata.json (incomplete or not a checkpoint)\n"
                             % resume_from)
            sys.exit(2)
    else:
        complete = checkpoint_dirs(ckpt_root)
        if complete:
            resume_from = complete[0][1]
    if resume_from:
        with open(os.path.join(resume_from, "metadata.json")) as fh:
            start = int(json.load(fh)["step"])

    rng = random.Random(1234 + start)  # deterministic per resume point
    random.seed(99 + start)
    gpu = Gpu(gpu_state_path(args.gpu_state), rng)
    printer = Printer(args.format, args.steps, args)
    if resume_from:
        printer.resume(resume_from, start)
    printer.start(resume_from, start)
    if args.format == "hf":
        out("  Instantaneous batch size per device = %d\n" % args.per_device_train_batch_size)
        out("  Gradient Accumulation steps = %d\n" % args.gradient_accumulation_steps)
        out("  Eval batch size = %d\n" % eval_bs)
    gpu.training()

    loss = float("nan")
    for step in range(start + 1, args.steps + 1):
        slow = faults.active("slow", step)
        step_time = args.step_time * (slow["factor"] if slow else 1.0)
        if faults.fire("hang", step):
            gpu.report(0)  # a deadlocked rank stops issuing kernels: its GPU idles
            while True:  # alive and silent: what a deadlocked collective looks like
                time.sleep(3600)
        time.sleep(step_time)
        if faults.fire("crash", step):
            die(TRACE_CRASH)
        if faults.fire("oom", step, args.per_device_train_batch_size):
            die(TRACE_OOM)
        if faults.fire("sigterm", step):
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        base = 1.8 + 8.2 * math.exp(-step / max(10.0, args.steps / 4.0))
        # Noise seeded by the step alone: a correct resume replays the same losses, as a real
        # deterministic trainer would; the babysitter's resume-mismatch check relies on it.
        loss = base * (1 + 0.02 * (random.Random(7919 * step).random() - 0.5))
        bad = faults.active("bad_resume", step) if start > 0 else None
        if bad:
            loss *= bad["factor"]
        if faults.active("nan", step):
            loss = float("nan")
        lr = 5e-5 * (1 - step / (args.steps + 1))
        gpu.training()
        printer.step(step, start, loss, lr, step_time)
        if args.eval_every and step % args.eval_every == 0:
            printer.eval(step, loss)
        if (args.ckpt_every and step % args.ckpt_every == 0) or step == args.steps:
            save_checkpoint(ckpt_root, step, loss, rng, gpu, printer, save_time)
            gpu.training()
    if start >= args.steps:
        out("Training already complete at step %d (target: %d)\n" % (start, args.steps))
    printer.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
