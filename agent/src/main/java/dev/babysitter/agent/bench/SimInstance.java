package dev.babysitter.agent.bench;

import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.probe.GpuRow;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated instance running one {@link RunPlan}: training progress, checkpoint saves, eval
 * pauses, log bursts and faults, advanced event by event on virtual time. It answers probes the
 * way the real supervisor and prober do (state.json, events.jsonl, nvidia-smi rows, checkpoint
 * listing, HF/tqdm log tail), and books every GPU-second it is held into useful work, overhead
 * or waste.
 */
final class SimInstance {
  static final String OUT = "/sim/out";
  private static final int TAIL = 200;
  /** The supervisor's own staleness threshold for its {@code stale} event (default policy). */
  private static final Duration SUPERVISOR_STALE = Duration.ofMinutes(10);

  enum Phase { STARTING, RUNNING, SAVING, EVAL, HUNG, EXITED, DONE, LOST, PARKED }

  /** One fault occurrence: when it struck, when the strategy first alerted, when it healed. */
  public static final class Episode {
    final FaultKind kind;
    final Instant onset;
    final double lowerBoundS;
    double resumeWaitS; // a preemption's wait for the machine's GPUs to come back
    double slowStayS; // a slowdown's lost throughput if the run stays, to the next fault at most
    double wasteS; // idle, lost and slowed instance-seconds from its onset to the next fault
    Instant detectedAt;
    Instant recoveredAt;

    Episode(FaultKind kind, Instant onset, double lowerBoundS) {
      this.kind = kind;
      this.onset = onset;
      this.lowerBoundS = lowerBoundS;
    }
  }

  private record Armed(RunPlan.Fault fault, long step) {}

  private final RunPlan plan;
  private final Instant launchedAt;
  private Instant now;
  private Phase phase = Phase.STARTING;
  private Instant phaseEnd;
  private Instant staleEventAt;
  private double step;
  private int attempt = 1;
  private Integer exitCode;
  private String reason = "starting";
  /** The supervisor's kill reached this attempt's trainer alive (state.json's killed). */
  private boolean killed;
  private boolean destroyed;
  private double rateFactor = 1;
  private Long nanOnsetStep;
  /** The supervisor's nan event (a NaN loss in the log) went out this attempt. */
  private boolean nanEventSent;
  private RunPlan.Fault nanFault;
  private boolean hostBad;
  private boolean oomUnfixed;
  private RunPlan.Fault oomFault;
  private Duration resumeWait = Duration.ZERO;
  private boolean restarting;
  private boolean finalSave;
  private long savingStep = -1;
  private long nextCkpt;
  private long nextEval;
  private int nextBurst;
  private final TreeMap<Long, Boolean> checkpoints = new TreeMap<>();
  private final List<Armed> armed = new ArrayList<>();
  private final Deque<String> log = new ArrayDeque<>();
  private Instant lastLogAt;
  private Instant lastProgressLine;
  private final List<String> events = new ArrayList<>();
  private int eventBase;
  private boolean eventAppended;
  /**
   * An event written outside {@link #advanceTo} (the exit after a kill, the start of a relaunch):
   * the real supervisor writes it a tick after the control file, and the event stream wakes a
   * check for it, so the next advance that stops at events returns at once.
   */
  private boolean eventBetweenAdvances;
  private boolean advancing;
  /** The event stream's session died with the host; the watcher hears of it by keepalives. */
  private boolean streamDropped;
  private final List<Episode> episodes = new ArrayList<>();
  private Episode active;
  private FaultKind lastKind;
  private int repeats;
  private int restartIdx;
  private int moveIdx;
  // Instance-seconds; multiplied by the GPU count when reported.
  private double heldS;
  private double idleFaultS;
  private double lostS;
  private double degradedS;
  private double idleDoneS;
  private double parkedS;
  private Instant doneAt;
  private Instant attemptStartedAt;
  /** The first startup (image pull, data download) writes nothing and leaves the GPU idle. */
  private boolean silentStartup = true;
  /** A person found the cause: the next relaunch runs with it fixed. */
  private boolean fixPending;
  private boolean preempted;
  private boolean providerChanged;
  private int parks;
  /** Until then a new host is still being provisioned (the job is not running yet). */
  private Instant provisionedAt;
  private Instant preemptedAt;
  /** A preempted machine kept aside while the run boots elsewhere; null when there is none. */
  private Spare spare;
  private boolean keepSpare;
  private int spareBase; // the preempted machine's events.jsonl start, taken when it is kept

  /**
   * The preempted machine, kept: it gets its GPUs back {@code upAt} (the preemption's resume
   * wait), and taken back, its supervisor starts the trainer again after a restart.
   */
  private record Spare(Instant upAt, Duration restart, double rateFactor, boolean hostBad,
      int eventBase) {}

  public SimInstance(RunPlan plan, Instant launchedAt) {
    this.plan = plan;
    this.launchedAt = launchedAt;
    this.now = launchedAt;
    this.lastLogAt = launchedAt;
    for (RunPlan.Fault f : plan.faults()) {
      armed.add(new Armed(f, f.step()));
    }
    startAttempt(0, plan.startup());
  }

  // ---- time ---------------------------------------------------------------------------------

  /**
   * Runs the instance up to {@code target}; with {@code stopAtEvent}, returns early at the
   * moment a line is appended to events.jsonl (what the event stream would deliver).
   */
  public Instant advanceTo(Instant target, boolean stopAtEvent) {
    return advanceTo(target, stopAtEvent, false);
  }

  /** {@code stopAtProvider}: also returns early when what the provider reports changes. */
  public Instant advanceTo(Instant target, boolean stopAtEvent, boolean stopAtProvider) {
    boolean wake = eventBetweenAdvances;
    eventBetweenAdvances = false;
    eventAppended = false;
    providerChanged = false;
    if (stopAtEvent && wake) {
      return now;
    }
    advancing = true;
    try {
      advance(target, stopAtEvent, stopAtProvider);
    } finally {
      advancing = false;
    }
    return now;
  }

  private void advance(Instant target, boolean stopAtEvent, boolean stopAtProvider) {
    while (now.isBefore(target)) {
      if (destroyed) {
        now = target;
        break;
      }
      switch (phase) {
        case RUNNING -> runTo(target);
        case STARTING, SAVING, EVAL -> waitTo(target, phaseEnd);
        case HUNG -> waitTo(target, phaseEnd != null ? phaseEnd : staleEventAt);
        default -> accrue(target);
      }
      if (stopAtEvent && eventAppended || stopAtProvider && providerChanged) {
        break;
      }
    }
  }

  private void waitTo(Instant target, Instant end) {
    if (end == null || end.isAfter(target)) {
      accrue(target);
      return;
    }
    accrue(end);
    switch (phase) {
      case STARTING -> {
        phase = Phase.RUNNING;
        reason = "running";
        lastProgressLine = null;
        if (restarting && active != null && active.recoveredAt == null) {
          active.recoveredAt = now; // training again: the fault episode is over
          active = null;
        }
        restarting = false;
        silentStartup = false;
        phaseEnd = null;
      }
      case SAVING -> {
        checkpoints.put(savingStep, nanOnsetStep != null);
        line("[INFO|trainer.py:3984] 20XX >> Model weights saved in " + ckptPath(savingStep)
            + "/model.safetensors");
        savingStep = -1;
        phaseEnd = null;
        if (finalSave) {
          phase = Phase.DONE;
          doneAt = now;
          if (nanOnsetStep != null) {
            // Trained to the end on a NaN loss: nothing after the onset is of any use.
            lostS += charge((plan.finalStep() - nanOnsetStep) / plan.stepsPerSecond());
          }
          reason = "trainer exited 0 at the final step";
          exitCode = 0;
          event("done", "0", "final checkpoint complete");
        } else {
          phase = Phase.RUNNING;
        }
      }
      case EVAL -> {
        line(String.format(Locale.ROOT, "{'eval_loss': %.4f, 'eval_runtime': %.1f, "
            + "'eval_samples_per_second': 41.2, 'epoch': %.2f}", loss((long) step) + 0.08,
            plan.evalTime().toSeconds() * 1.0, epoch()));
        phase = Phase.RUNNING;
        phaseEnd = null;
      }
      case HUNG -> {
        if (phaseEnd != null) { // NCCL watchdog fires and tears the process down
          phaseEnd = null;
          exit(1, List.of("[rank0]:[E ProcessGroupNCCL.cpp:607] [Rank 0] Watchdog caught "
              + "collective operation timeout: WorkNCCL(SeqNum=" + (long) step + ", OpType="
              + "ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600031 "
              + "milliseconds before timing out.", "[rank0]:[E ProcessGroupNCCL.cpp:1413] "
              + "[PG 0 Rank 0] Process group watchdog thread terminated with exception: "
              + "[Rank 0] Watchdog caught collective operation timeout"));
        } else {
          staleEventAt = null;
          event("stale", "null", "no progress and GPU idle for 600s");
        }
      }
      default -> { }
    }
  }

  private void runTo(Instant target) {
    double rate = plan.stepsPerSecond() * rateFactor;
    long boundary = Math.min(nextCkpt, plan.finalStep());
    boundary = Math.min(boundary, nextEval);
    Armed fault = nextFault();
    if (fault != null) {
      boundary = Math.min(boundary, fault.step());
    }
    long burst = nextBurst < plan.burstSteps().size() ? plan.burstSteps().get(nextBurst)
        : Long.MAX_VALUE;
    boundary = Math.min(boundary, burst);
    double seconds = Math.max(0, (boundary - step) / rate);
    Instant at = now.plusMillis((long) Math.ceil(seconds * 1000));
    if (at.isAfter(target)) {
      accrue(target);
      return;
    }
    accrue(at);
    step = Math.max(step, boundary);
    progressLine(true);
    if (fault != null && fault.step() <= step) {
      armed.remove(fault);
      fire(fault.fault());
    } else if (boundary >= plan.finalStep() && boundary <= nextCkpt) {
      startSave(plan.finalStep(), true);
    } else if (boundary == nextCkpt) {
      startSave(nextCkpt, false);
      nextCkpt += plan.ckptEvery();
    } else if (boundary == nextEval) {
      nextEval += plan.evalEvery();
      phase = Phase.EVAL;
      phaseEnd = now.plus(plan.evalTime());
      line("***** Running Evaluation *****");
    } else if (boundary == burst) {
      nextBurst++;
      burst();
    }
  }

  private Armed nextFault() {
    Armed first = null;
    for (Armed a : armed) {
      if (a.step() >= (long) step && (first == null || a.step() < first.step())) {
        first = a;
      }
    }
    return first;
  }

  private void accrue(Instant to) {
    double dt = Math.max(0, Duration.between(now, to).toMillis() / 1000.0);
    if (phase == Phase.PARKED && !destroyed) {
      parkedS += dt; // GPUs released; only the disk is billed
    } else if (!destroyed) {
      heldS += dt;
      switch (phase) {
        case RUNNING -> {
          step = Math.min(plan.finalStep(), step + plan.stepsPerSecond() * rateFactor * dt);
          degradedS += charge(dt * (1 - rateFactor));
        }
        case STARTING -> idleFaultS += charge(restarting ? dt : 0);
        case HUNG, EXITED, LOST -> idleFaultS += charge(dt);
        case DONE -> idleDoneS += dt;
        default -> { }
      }
    }
    now = to;
    if (phase == Phase.RUNNING) {
      progressLine(false);
    } else if (phase == Phase.STARTING && !silentStartup) {
      lastLogAt = now; // loading shards and checkpoint: the log keeps moving
    }
  }

  /** Books waste to the latest fault, so the report can say which kind it went to. */
  private double charge(double s) {
    if (!episodes.isEmpty()) {
      episodes.get(episodes.size() - 1).wasteS += s;
    }
    return s;
  }

  // ---- faults -------------------------------------------------------------------------------

  private void fire(RunPlan.Fault f) {
    double lowerBound = f.kind() == FaultKind.SLOWDOWN ? 0
        : (step - lastComplete(false)) / plan.stepsPerSecond();
    // Same failure again since the last fix or move: a person would now fix, not just rerun.
    repeats = f.kind() == lastKind ? repeats + 1 : 0;
    lastKind = f.kind();
    active = new Episode(f.kind(), now, lowerBound);
    episodes.add(active);
    switch (f.kind()) {
      case HW_CRASH -> {
        hostBad = f.sticky();
        exit(1, List.of("Traceback (most recent call last):",
            "  File \"train.py\", line 311, in <module>", "    loss.backward()",
            "RuntimeError: CUDA error: uncorrectable ECC error encountered",
            "CUDA kernel errors might be asynchronously reported at some other API call"));
      }
      case SW_CRASH -> exit(1, (long) step % 2 == 0
          ? List.of("Traceback (most recent call last):",
              "  File \"/workspace/data.py\", line 88, in __getitem__",
              "KeyError: 'input_ids'")
          : List.of("/bin/sh: line 1:  4121 Killed                  python3 train.py", "Killed"));
      case OOM -> {
        oomUnfixed = true;
        oomFault = f;
        exit(1, List.of("Traceback (most recent call last):",
            "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 "
                + "has a total capacity of 79.15 GiB of which 1.21 GiB is free."));
      }
      case PREEMPTION -> {
        preemptedAt = now;
        resumeWait = f.delay();
        active.resumeWaitS = f.delay().toSeconds();
        preempted = true;
        providerChanged = true;
        exit(143, List.of("torch.distributed.elastic.multiprocessing.api: [WARNING] Received "
            + "Signals.SIGTERM death signal, shutting down workers"));
      }
      case NCCL_HANG -> {
        phase = Phase.HUNG;
        phaseEnd = now.plus(f.delay());
      }
      case HANG -> {
        phase = Phase.HUNG;
        phaseEnd = null;
        staleEventAt = now.plus(SUPERVISOR_STALE);
      }
      case SLOWDOWN -> {
        rateFactor = f.factor();
        // staying on the slow host until the next fault (which may move the run anyway) or the end
        long until = plan.finalStep();
        for (RunPlan.Fault g : plan.faults()) {
          if (g.step() > step && g.step() < until) {
            until = g.step();
          }
        }
        active.slowStayS = Math.max(0, until - step) / plan.stepsPerSecond()
            * (1 / Math.max(1e-6, f.factor()) - 1);
      }
      case NAN -> {
        nanOnsetStep = (long) step;
        nanFault = f;
        progressLine(true); // the onset step's own logged loss is the first NaN in the log
      }
      case INSTANCE_LOST -> {
        phase = Phase.LOST;
        providerChanged = true;
        streamDropped = true; // the event stream's SSH session dies with the host
        eventAppended = true;
      }
    }
  }

  private void exit(int code, List<String> lines) {
    lines.forEach(this::line);
    phase = Phase.EXITED;
    exitCode = code;
    reason = "trainer exited " + code;
    phaseEnd = null;
    staleEventAt = null;
    event("exit", Integer.toString(code), reason);
  }

  // ---- actions ------------------------------------------------------------------------------

  /** The supervisor's TERM then KILL: the trainer exits 143 and the exit lands in events. */
  public void kill() {
    if (phase == Phase.RUNNING || phase == Phase.HUNG || phase == Phase.SAVING
        || phase == Phase.EVAL || phase == Phase.STARTING) {
      if (phase == Phase.SAVING) {
        savingStep = -1; // a save cut short leaves no complete marker
      }
      killed = true;
      exit(143, List.of("Terminated"));
    }
  }

  /**
   * A new attempt from {@code fromStep}. {@code fix}: the cause was dealt with (smaller batch,
   * skipped batches after a NaN); {@code moveHost}: on a fresh host (clears bad hardware, a
   * slow or lost host).
   */
  public void relaunch(long fromStep, boolean fix, boolean moveHost) {
    if (destroyed || phase == Phase.DONE) {
      return;
    }
    if (phase == Phase.LOST && !moveHost) {
      return; // nothing to restart on
    }
    fix |= fixPending;
    fixPending = false;
    lostS += charge(Math.max(0, step - fromStep) / plan.stepsPerSecond());
    step = fromStep;
    Duration restart = nextRestart();
    Duration wait = restart.plus(moveHost ? Duration.ZERO : resumeWait);
    if (moveHost && keepSpare && preempted) {
      spare = new Spare(preemptedAt.plus(resumeWait), restart, rateFactor, hostBad, spareBase);
    }
    keepSpare = false;
    resumeWait = Duration.ZERO;
    preempted = false;
    if (moveHost) {
      Duration move = RunPlan.nth(plan.hostMoves(), moveIdx++);
      provisionedAt = now.plus(move);
      wait = wait.plus(move);
      hostBad = false;
      rateFactor = 1;
    }
    checkpoints.keySet().removeIf(s -> s > fromStep);
    if (nanOnsetStep != null) {
      if (!fix) {
        armed.add(new Armed(nanFault, nanOnsetStep)); // the same batches diverge again
      }
      nanOnsetStep = null;
    }
    if (oomUnfixed && !fix) {
      armed.add(new Armed(oomFault, fromStep + Math.min(oomFault.step(), plan.ckptEvery())));
    }
    oomUnfixed = oomUnfixed && !fix;
    if (hostBad) {
      armed.add(new Armed(new RunPlan.Fault(FaultKind.HW_CRASH, 0, 1, Duration.ZERO, true),
          fromStep + (long) (plan.stepsPerSecond() * 300)));
      hostBad = false;
    }
    // A fix (smaller batch, skipped batches) does not cure a bad host: only a move forgets a
    // hardware streak, so the DRI still sees it and moves the run.
    if (moveHost || fix && lastKind != FaultKind.HW_CRASH) {
      lastKind = null;
      repeats = 0;
    }
    attempt++;
    restarting = true;
    startAttempt(fromStep, wait);
  }

  private void startAttempt(long fromStep, Duration wait) {
    phase = Phase.STARTING;
    phaseEnd = now.plus(wait);
    attemptStartedAt = now;
    staleEventAt = null;
    exitCode = null;
    killed = false;
    reason = "starting";
    nextCkpt = (fromStep / plan.ckptEvery() + 1) * plan.ckptEvery();
    nextEval = (fromStep / plan.evalEvery() + 1) * plan.evalEvery();
    line("=== babysitter attempt " + attempt + " ===");
    line(fromStep == 0 ? "[INFO] no checkpoint: training from scratch"
        : "[INFO] Loading checkpoint from " + ckptPath(fromStep));
    nanEventSent = false;
    event("start", "null", "attempt " + attempt);
  }

  public void destroy() {
    destroyed = true;
  }

  /**
   * Keeps the preempted machine aside at the next move (the product's spare): whether it is
   * preempted now, so there is something to keep.
   */
  public boolean keepSpare() {
    keepSpare = preempted && !destroyed;
    spareBase = eventBase;
    return keepSpare;
  }

  /** The spare as the provider's API shows it: stopped until its GPUs come back. */
  public dev.babysitter.tools.provider.InstanceState spareState() {
    if (spare == null) {
      return dev.babysitter.tools.provider.InstanceState.GONE;
    }
    return now.isBefore(spare.upAt()) ? dev.babysitter.tools.provider.InstanceState.EXITED
        : dev.babysitter.tools.provider.InstanceState.RUNNING;
  }

  public void dropSpare() {
    spare = null;
  }

  /**
   * The spare goes on instead of the new host (already destroyed): back on the old machine,
   * whose supervisor started the trainer again once its GPUs were back.
   */
  public void takeBackSpare() {
    if (spare == null || phase == Phase.DONE) {
      return;
    }
    destroyed = false;
    Instant up = spare.upAt().plus(spare.restart());
    phase = Phase.STARTING;
    phaseEnd = up.isAfter(now) ? up : now;
    provisionedAt = spare.upAt();
    rateFactor = spare.rateFactor();
    hostBad = spare.hostBad();
    eventBase = spare.eventBase();
    spare = null;
    providerChanged = true;
  }

  /** A new instance for the run (the sim keeps one object per run): not destroyed any more. */
  public void onNewHost() {
    destroyed = false;
    eventBase = events.size(); // a new instance's supervisor writes a new events.jsonl
  }

  /**
   * Releases the GPUs and keeps the disk (Vast: stop). The trainer is stopped if it still
   * runs; progress since the newest complete checkpoint is lost at the resume.
   */
  public void park() {
    if (destroyed || phase == Phase.PARKED || phase == Phase.DONE || phase == Phase.LOST) {
      return;
    }
    kill();
    phase = Phase.PARKED;
    phaseEnd = null;
    parks++;
    providerChanged = true;
  }

  /**
   * Starts a parked instance. As the real supervisor does on a start with its {@code parked}
   * marker, it restores the failed state it was parked in and waits for the babysitter's
   * relaunch (the approved action), so the approval is spent where the product spends it.
   */
  public void unpark() {
    if (phase == Phase.PARKED) {
      phase = Phase.EXITED;
      phaseEnd = null;
      providerChanged = true;
    }
  }

  /** Whether starting a parked instance fails (its GPUs were rented meanwhile): a plan draw. */
  public boolean unparkRefused() {
    return RunPlan.nth(plan.unparkRefused(), parks);
  }

  /** Whether the run needs someone to get it training again (a person sees this by looking). */
  public boolean needsRecovery() {
    return phase == Phase.EXITED || phase == Phase.LOST || phase == Phase.PARKED
        || rateFactor < 1 || nanOnsetStep != null;
  }

  public boolean parked() {
    return phase == Phase.PARKED;
  }

  /** Whether the stop at an event was the event stream dropping, not a line; clears it. */
  public boolean takeStreamDrop() {
    boolean dropped = streamDropped;
    streamDropped = false;
    return dropped;
  }

  /** A person investigated and fixed the cause; the next relaunch runs with it fixed. */
  public void personFixes() {
    fixPending = true;
  }

  /** What the provider's API says about the instance (not the trainer inside it). */
  public dev.babysitter.tools.provider.InstanceState providerState() {
    if (destroyed || phase == Phase.LOST) {
      return dev.babysitter.tools.provider.InstanceState.GONE;
    }
    if (phase == Phase.PARKED || preempted) {
      return dev.babysitter.tools.provider.InstanceState.EXITED;
    }
    // A new host boots (image pull, container start) before it runs.
    return phase == Phase.STARTING && provisionedAt != null && now.isBefore(provisionedAt)
        ? dev.babysitter.tools.provider.InstanceState.LOADING
        : dev.babysitter.tools.provider.InstanceState.RUNNING;
  }

  /** The job status a scheduler reports: running, failed (with exit code) or done. */
  public String jobState() {
    return switch (phase) {
      case DONE -> "done";
      case EXITED -> "failed";
      case PARKED, LOST -> "stopped";
      case STARTING -> provisionedAt != null && now.isBefore(provisionedAt) ? "provisioning"
          : "running";
      default -> "running";
    };
  }

  public Integer exitCode() {
    return exitCode;
  }

  public int gpuUtilization() {
    return gpuUtil();
  }

  /** The events file as the supervisor writes it (one JSON line each), for byte offsets. */
  public List<String> eventLines() {
    return events;
  }

  public Instant attemptStartedAt() {
    return attemptStartedAt;
  }

  public int attempt() {
    return attempt;
  }

  public double parkedS() {
    return parkedS;
  }

  // ---- probe --------------------------------------------------------------------------------

  /** One round trip, as the real Prober returns it; events from {@code offset} on. */
  public Probe probe(long offset) {
    if (phase == Phase.LOST || phase == Phase.PARKED || destroyed) {
      return Probe.unreachable(now, "ssh: connect to host: Connection timed out", offset);
    }
    String state = switch (phase) {
      case DONE -> "done";
      case EXITED -> "failed";
      default -> "running";
    };
    SupervisorState sup = new SupervisorState(state, attempt, "", exitCode, 4121L,
        launchedAt.getEpochSecond(), now.getEpochSecond(), logAge(),
        gpuUtil() < 10, phase == Phase.EXITED ? "decision" : "", reason,
        attemptStartedAt.getEpochSecond(), killed);
    List<GpuRow> gpus = new ArrayList<>();
    for (int i = 0; i < plan.gpus(); i++) {
      boolean loaded = phase != Phase.EXITED && phase != Phase.DONE;
      gpus.add(new GpuRow(i, "NVIDIA H100 80GB HBM3", gpuUtil(), loaded ? 62_000 : 0, 81_559));
    }
    List<CheckpointCatalog.Entry> listing = new ArrayList<>();
    // Retention keeps the last 5 temporary checkpoints (inference), plus one being written.
    checkpoints.descendingKeySet().stream().limit(5).sorted().forEach(s -> listing.add(
        new CheckpointCatalog.Entry("step-" + s, true, now)));
    if (savingStep >= 0) {
      listing.add(new CheckpointCatalog.Entry("step-" + savingStep, false, now));
    }
    // Offsets count from this instance's first event; one past the end is a replaced file.
    long size = events.size() - eventBase;
    long from = offset > size ? 0 : offset;
    List<String> newEvents = from < size
        ? List.copyOf(events.subList((int) (eventBase + from), events.size())) : List.of();
    return new Probe(now, true, null, sup, 3L, phase == Phase.DONE, true, newEvents,
        size, gpus, null, listing, List.copyOf(log), logAge());
  }

  private long logAge() {
    return Math.max(0, Duration.between(lastLogAt, now).toSeconds());
  }

  private int gpuUtil() {
    return switch (phase) {
      case RUNNING -> 97;
      case EVAL -> 85;
      case HUNG -> phaseEnd != null ? 100 : 0; // NCCL spin-waits at 100 %; a deadlock idles
      case SAVING -> 4;
      default -> 0;
    };
  }

  // ---- log ----------------------------------------------------------------------------------

  private void progressLine(boolean force) {
    if (!force && lastProgressLine != null
        && Duration.between(lastProgressLine, now).toSeconds() < 20) {
      lastLogAt = now;
      return;
    }
    lastProgressLine = now;
    long s = (long) step;
    String loss = nanOnsetStep != null ? "nan" : fixed(loss(s), 4);
    double rate = plan.stepsPerSecond() * rateFactor;
    long pct = s * 100 / plan.finalStep();
    long left = (long) ((plan.finalStep() - s) / rate);
    // As Hugging Face writes them: the bar of step s, then the dict logged at that step.
    // Built by hand, not with String.format: the pollers' short looks write many of these.
    line((pct < 10 ? "  " : pct < 100 ? " " : "") + pct + "%|#####     | " + s + "/"
        + plan.finalStep() + " [" + hms((long) (s / rate)) + "<" + hms(left) + ", "
        + fixed(rate, 2) + "it/s]");
    line("{'loss': " + loss + ", 'grad_norm': 0.91, 'learning_rate': 5e-05, 'epoch': "
        + fixed(epoch(), 2) + "}");
    if (nanOnsetStep != null && !nanEventSent) { // the supervisor's scan of the new log lines
      nanEventSent = true;
      event("nan", "null", "a NaN or inf loss in the trainer's log");
    }
  }

  private void burst() {
    // Noise: a library repeating a harmless warning; must not alert.
    for (int i = 0; i < 150; i++) {
      line("/usr/lib/python3/site-packages/torch/utils/checkpoint.py:92: UserWarning: None of "
          + "the inputs have requires_grad=True. Gradients will be None");
    }
  }

  private void startSave(long at, boolean last) {
    phase = Phase.SAVING;
    savingStep = at;
    finalSave = last;
    phaseEnd = now.plus(plan.saveTime());
    line("[INFO|trainer.py:3950] 20XX >> Saving model checkpoint to " + ckptPath(at));
  }

  private void line(String text) {
    log.addLast(text);
    while (log.size() > TAIL) {
      log.removeFirst();
    }
    lastLogAt = now;
  }

  private void event(String kind, String code, String detail) {
    events.add("{\"ts\":" + now.getEpochSecond() + ",\"event\":\"" + kind + "\",\"attempt\":"
        + attempt + ",\"exit_code\":" + code + ",\"detail\":\"" + detail + "\"}");
    eventAppended = true;
    eventBetweenAdvances |= !advancing;
  }

  /** A function of the step alone, as a deterministic trainer's: a resume replays it. */
  private double loss(long atStep) {
    return 2.1 + 3.0 * Math.exp(-atStep / (plan.finalStep() / 8.0));
  }

  private double epoch() {
    return 3.0 * step / plan.finalStep();
  }

  private Duration nextRestart() {
    return RunPlan.nth(plan.restarts(), restartIdx++);
  }

  private static String ckptPath(long s) {
    return OUT + "/checkpoints/step-" + s;
  }

  private static String hms(long seconds) {
    return two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60);
  }

  private static String two(long v) {
    return v < 10 ? "0" + v : Long.toString(v);
  }

  /** {@code v} (not negative) with {@code decimals} digits after the point, as %.Nf writes it. */
  static String fixed(double v, int decimals) {
    long scale = decimals == 4 ? 10_000 : decimals == 2 ? 100 : (long) Math.pow(10, decimals);
    long n = Math.round(v * scale);
    String frac = Long.toString(n % scale);
    return n / scale + "." + "0".repeat(decimals - frac.length()) + frac;
  }

  // ---- what strategies and the report read --------------------------------------------------

  /** Newest complete checkpoint step, 0 if none; {@code clean}: saved before any NaN. */
  public long lastComplete(boolean clean) {
    for (Map.Entry<Long, Boolean> e : checkpoints.descendingMap().entrySet()) {
      if (!clean || !e.getValue()) {
        return e.getKey();
      }
    }
    return 0;
  }

  /** What a person or agent who looked at the instance would do to get it training again. */
  public void obviousRecovery() {
    boolean move = phase == Phase.LOST || phase == Phase.PARKED || rateFactor < 1
        || lastKind == FaultKind.HW_CRASH && repeats > 0;
    boolean fix = repeats > 0 || nanOnsetStep != null;
    relaunch(lastComplete(true), fix, move);
  }

  public void noteCheck(boolean alerting) {
    if (alerting && active != null && active.detectedAt == null) {
      active.detectedAt = now;
    }
  }

  public boolean faultActive() {
    return active != null;
  }

  /** A fault the trainer itself cannot show as a crash: only a person/agent can judge it. */
  public boolean needsHostMove() {
    return phase == Phase.LOST || rateFactor < 1;
  }

  public boolean done() {
    return phase == Phase.DONE;
  }

  public boolean destroyed() {
    return destroyed;
  }

  public boolean exited() {
    return phase == Phase.EXITED;
  }

  public Instant now() {
    return now;
  }

  public Instant doneAt() {
    return doneAt;
  }

  public List<Episode> episodes() {
    return List.copyOf(episodes);
  }

  public RunPlan plan() {
    return plan;
  }

  public double heldS() {
    return heldS;
  }

  public double idleFaultS() {
    return idleFaultS;
  }

  public double lostS() {
    return lostS;
  }

  public double degradedS() {
    return degradedS;
  }

  public double idleDoneS() {
    return idleDoneS;
  }

  /** Progress the run still holds at the end, in nominal seconds. */
  public double progressS() {
    return step / plan.stepsPerSecond();
  }

  /**
   * What any strategy must pay for the faults that struck, instance-seconds: the progress since
   * the last complete checkpoint at each fault, a restart for each, and for a lost host a host
   * move as well (a slowdown can cost nothing: it is noticed and left). Restarts and moves are
   * drawn once per run and consumed in order by every strategy, so a run with F faults pays at
   * least the first F restart draws, and with L lost hosts at least the first L moves: the
   * ideal strategy's bill, which no strategy can undercut (at most as many as this instance
   * consumed, for a run left unrestarted). A preemption also costs the shorter of waiting for
   * the machine and the shortest move the run could draw: whoever resumes it pays one of them;
   * a slowdown the shorter of its lost throughput up to the next fault and that move with the
   * shortest restart (no trainer changes host without starting again). One share per episode,
   * in the order of {@link #episodes()}; the floor is their sum.
   */
  public double[] floorShares() {
    int faults = 0;
    int lost = 0;
    double[] shares = new double[episodes.size()];
    double shortestMove = plan.hostMoves().stream().mapToLong(Duration::toSeconds).min()
        .orElse(0);
    double shortestRestart = plan.restarts().stream().mapToLong(Duration::toSeconds).min()
        .orElse(0);
    for (int k = 0; k < shares.length; k++) {
      Episode e = episodes.get(k);
      if (e.kind == FaultKind.SLOWDOWN) {
        // stay slow, or move (a new host, and the trainer started again on it): one is paid
        shares[k] = Math.min(e.slowStayS, shortestMove + shortestRestart);
        continue;
      }
      double share = e.lowerBoundS;
      if (faults < restartIdx) {
        share += RunPlan.nth(plan.restarts(), faults).toSeconds();
      }
      faults++;
      if (e.kind == FaultKind.INSTANCE_LOST && lost++ < moveIdx) {
        share += RunPlan.nth(plan.hostMoves(), lost - 1).toSeconds();
      }
      if (e.kind == FaultKind.PREEMPTION && e.recoveredAt != null) {
        share += Math.min(e.resumeWaitS, shortestMove);
      }
      shares[k] = share;
    }
    return shares;
  }
}
