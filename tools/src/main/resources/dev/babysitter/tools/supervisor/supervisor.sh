#!/bin/sh
# Babysitter supervisor: runs the trainer attempts for one run on the instance, applies the few
# safe auto-fixes, keeps state.json / heartbeat / events.jsonl current, obeys control/ files and
# runs the dead-man switch. Contract: docs/instance-layout.md. POSIX sh only (dash, busybox):
# it must run on a bare Vast.ai image, so no bash-isms and no Python.
#
# Usage: supervisor.sh BABYSITTER_HOME   (start it with setsid so it leads its own group)

set -u
[ $# -eq 1 ] || { echo "usage: supervisor.sh BABYSITTER_HOME" >&2; exit 64; }
sv_home=$(cd "$1" && pwd) || { echo "supervisor.sh: no such directory: $1" >&2; exit 64; }
cd "$sv_home" || exit 64
[ -f supervisor.env ] || { echo "supervisor.sh: $sv_home/supervisor.env is missing" >&2; exit 64; }
set -a  # export every key, so spec env (e.g. TRAINER_FAULTS) reaches the trainer
. ./supervisor.env
set +a
# The log and output root may not exist yet on a fresh instance.
mkdir -p "$(dirname "${LOG_FILE:-$sv_home/train.log}")" 2>/dev/null || :

: "${RUN_NAME:=run}" "${WORK_DIR:=$sv_home}" "${OUTPUT_ROOT:=$WORK_DIR}"
: "${CHECKPOINT_DIR:=$OUTPUT_ROOT/checkpoints}" "${CHECKPOINT_PREFIX:=step-}"
: "${CHECKPOINT_LAYOUT:=directory}" "${CHECKPOINT_REGEX:=}"
: "${FINAL_STEP:=0}" "${LOG_FILE:=$sv_home/train.log}"
# Single files are complete by being there under their final name; directories by their marker.
if [ "$CHECKPOINT_LAYOUT" != file ]; then CHECKPOINT_LAYOUT=directory; : "${COMPLETE_MARKER:=metadata.json}"; fi
: "${COMPLETE_MARKER:=}"
# Without the launcher's regex (an older supervisor.env), names are PREFIX<digits>.
if [ -z "$CHECKPOINT_REGEX" ]; then
  CHECKPOINT_REGEX="^$(printf '%s' "$CHECKPOINT_PREFIX" | sed 's/[^A-Za-z0-9_-]/[&]/g')([0-9]+)\$"
fi
: "${MAX_AUTO_FIXES:=2}" "${AUTO_DESTROY_AFTER_S:=86400}" "${LEASE_TIMEOUT_S:=1800}"
: "${STALE_AFTER_S:=300}" "${HEARTBEAT_S:=5}" "${DESTROY_CMD:=}" "${EXTRA_PATH:=}"
: "${OOM_REDUCE_EVAL_BATCH:=0}" "${PRUNE_TMP_DIR:=/tmp}" "${PRUNE_TMP_MIN:=60}"
: "${TICK_S:=1}" "${SETUP_CMD:=}" "${SYNC_CMD:=}"
# Silent phases: no stale hint while the trainer has printed nothing yet this attempt (imports,
# model load, compilation) for up to STARTUP_GRACE_S; without GPU telemetry the log must be
# silent for STALE_NO_GPU_AFTER_S instead of STALE_AFTER_S (0: never without telemetry).
: "${STARTUP_GRACE_S:=1800}" "${STALE_NO_GPU_AFTER_S:=1800}"
[ -n "${TRAIN_CMD:-}" ] || { echo "supervisor.sh: TRAIN_CMD is empty" >&2; exit 64; }
if [ -n "$EXTRA_PATH" ]; then PATH="$EXTRA_PATH:$PATH"; fi
BABYSITTER_HOME=$sv_home
export PATH BABYSITTER_HOME

# Internal variables are lower case so that KEY=value lines from control/relaunch cannot clash.
now() { date +%s; }
sv_started=$(now)
sv_state=starting
sv_last_fix=none
sv_exit_code=null
sv_trainer_pid=
sv_running=0
sv_awaiting=none
sv_reason=
sv_fixes=0
sv_killed=0
sv_stale_sent=0
sv_nan_sent=0
sv_nan_scanned=0
sv_log_age=0
sv_gpu_idle=false
sv_gpu_note=
sv_last_hb=0
sv_log_offset=0
sv_attempt_started=$sv_started
sv_banner_end=0
sv_setup_pid=
sv_sync_pid=
sv_sync_step=
sv_sync_path=

# One supervisor per directory; a finished run is not started again by accident. A parked run
# (the babysitter released its GPUs while the DRI decides) may be resumed even when it finished
# on a result the DRI must judge.
if [ -f DONE ] && [ ! -f parked ]; then echo "supervisor.sh: $sv_home/DONE exists; run is finished" >&2; exit 0; fi
sv_old=$(cat supervisor.pid 2>/dev/null)
if [ -n "$sv_old" ] && [ "$sv_old" != $$ ] && kill -s 0 "$sv_old" 2>/dev/null; then
  echo "supervisor.sh: supervisor $sv_old already runs for $sv_home" >&2
  exit 75
fi
# A restarted supervisor continues the attempt numbering of the previous one.
sv_attempt=$(sed -n 's/.*"attempt":\([0-9][0-9]*\).*/\1/p' state.json 2>/dev/null)
: "${sv_attempt:=0}"
# The newest step already synced (or tried) is not synced again after a restart.
sv_sync_tried=$(sed -n 's/.*"step":\([0-9][0-9]*\).*/\1/p' synced.json 2>/dev/null)
: "${sv_sync_tried:=-1}"
rm -f sync.rc
mkdir -p control

# One-line, printable-ASCII, length-capped JSON string body: cut first, then escape, so that an
# escape sequence is never cut in half.
json_str() {
  printf '%s' "$1" | tr '\n\r\t' '   ' | tr -cd ' -~' | cut -c1-300 | sed 's/\\/\\\\/g; s/"/\\"/g'
}

event() { # event KIND EXIT_CODE|null DETAIL
  printf '{"ts":%s,"event":"%s","attempt":%s,"exit_code":%s,"detail":"%s"}\n' \
    "$(now)" "$1" "$sv_attempt" "$2" "$(json_str "$3")" >> events.jsonl
}

write_state() {
  t=$(now)
  pid_json=null; [ -n "$sv_trainer_pid" ] && pid_json=$sv_trainer_pid
  printf '{"state":"%s","attempt":%s,"last_fix":"%s","exit_code":%s,"trainer_pid":%s,"started_at":%s,"attempt_started_at":%s,"updated_at":%s,"log_age_s":%s,"gpu_idle":%s,"awaiting":"%s","reason":"%s","fixes_used":%s,"max_auto_fixes":%s,"gpu_note":"%s","killed":%s}\n' \
    "$sv_state" "$sv_attempt" "$(json_str "$sv_last_fix")" "$sv_exit_code" "$pid_json" "$sv_started" "$sv_attempt_started" "$t" \
    "$sv_log_age" "$sv_gpu_idle" "$sv_awaiting" "$(json_str "$sv_reason")" "$sv_fixes" "$MAX_AUTO_FIXES" \
    "$(json_str "$sv_gpu_note")" "$([ "$sv_killed" = 1 ] && echo true || echo false)" > state.json.tmp.$$
  mv -f state.json.tmp.$$ state.json
}

# Before the pid: a live supervisor must never stand beside the state.json an earlier one left on this disk (a
# failed attempt awaiting a decision, on a disk that outlived its instance). A parked instance started again keeps
# its state: the waiting attempt is what the watcher must see.
if [ ! -f parked ]; then write_state; fi
echo $$ > supervisor.pid.tmp && mv -f supervisor.pid.tmp supervisor.pid

heartbeat() {
  t=$(now)
  if [ $((t - sv_last_hb)) -ge "$HEARTBEAT_S" ]; then
    echo "$t" > heartbeat.tmp.$$ && mv -f heartbeat.tmp.$$ heartbeat
    sv_last_hb=$t
  fi
}

file_mtime() { stat -c %Y "$1" 2>/dev/null; }
file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# KEY=value lines exported in the attempt's subshell only, never in the supervisor itself:
# fix.env (control/fix env fixes, kept for every later attempt) and relaunch.env (the last
# control/relaunch, kept so that auto-fix retries of that attempt see it too).
apply_env_file() {
  [ -f "$1" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    key=${line%%=*}
    case $line in *=*) ;; *) continue ;; esac
    case $key in ''|[0-9]*|*[!A-Za-z0-9_]*) continue ;; esac
    export "$key=${line#*=}"
  done < "$1"
}

start_attempt() {
  apply_queued_fixes
  sv_attempt=$((sv_attempt + 1))
  sv_killed=0
  sv_stale_sent=0
  sv_exit_code=null
  sv_awaiting=none
  sv_reason=
  rm -f trainer.pid trainer.rc
  touch "$LOG_FILE" 2>/dev/null
  sv_log_offset=$(file_size "$LOG_FILE")
  sv_attempt_started=$(now)
  printf '=== babysitter attempt %s ===\n' "$sv_attempt" >> "$LOG_FILE"
  sv_banner_end=$(file_size "$LOG_FILE")
  sv_nan_sent=0
  sv_nan_scanned=$sv_banner_end
  # The subshell stays in our process group and outlives the trainer only to record its exit
  # status; the trainer gets its own session and group (setsid) so that kill reaches its tree.
  (
    trap - TERM INT
    cmd=$TRAIN_CMD
    BABYSITTER_ATTEMPT=$sv_attempt
    export BABYSITTER_ATTEMPT
    if [ -n "${EVAL_BATCH_SIZE:-}" ]; then export EVAL_BATCH_SIZE; fi
    # A relaunch's explicit KEY=value (a config change the guard saw) wins over an env fix.
    apply_env_file fix.env
    apply_env_file oom.env
    apply_env_file relaunch.env
    # The OOM ladder's smaller micro-batch: flags appended, so the last occurrence wins (argparse).
    if [ -n "${OOM_ARGS:-}" ]; then cmd="$cmd $OOM_ARGS"; fi
    cd "$WORK_DIR" || { echo 127 > trainer.rc.tmp; mv -f trainer.rc.tmp "$sv_home/trainer.rc"; exit; }
    setsid sh -c "$cmd" >> "$LOG_FILE" 2>&1 < /dev/null &
    echo $! > "$sv_home/trainer.pid.tmp" && mv -f "$sv_home/trainer.pid.tmp" "$sv_home/trainer.pid"
    wait $!
    echo $? > "$sv_home/trainer.rc.tmp" && mv -f "$sv_home/trainer.rc.tmp" "$sv_home/trainer.rc"
  ) &
  i=0
  while [ ! -s trainer.pid ] && [ ! -f trainer.rc ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  sv_trainer_pid=$(cat trainer.pid 2>/dev/null)
  sv_running=1
  sv_state=running
  # Not the command: it may hold a token (--api-key ...), and events leave the instance.
  event start null "attempt $sv_attempt started"
  write_state
}

group_alive() { [ -n "$sv_trainer_pid" ] && kill -s 0 -- "-$sv_trainer_pid" 2>/dev/null; }

# The setup command has its own group too: stop and the dead-man switch end it like a trainer.
kill_setup_blocking() {
  [ -n "$sv_setup_pid" ] && kill -s 0 -- "-$sv_setup_pid" 2>/dev/null || return 0
  kill -s TERM -- "-$sv_setup_pid" 2>/dev/null
  i=0
  while kill -s 0 -- "-$sv_setup_pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  kill -s KILL -- "-$sv_setup_pid" 2>/dev/null
  return 0
}

# TERM the trainer's group, KILL it after 5 s. Blocking; used when the supervisor is ending.
kill_trainer_blocking() {
  kill_setup_blocking
  group_alive || return 0
  [ "$sv_running" = 1 ] && sv_killed=1
  kill -s TERM -- "-$sv_trainer_pid" 2>/dev/null
  i=0
  while group_alive && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  group_alive && kill -s KILL -- "-$sv_trainer_pid" 2>/dev/null
  i=0
  while [ "$sv_running" = 1 ] && [ ! -f trainer.rc ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
  return 0
}

finish() { # finish STATE EVENT DETAIL EXIT_STATUS [EVENT_EXIT_CODE]
  sv_state=$1
  sv_awaiting=none
  sv_reason=$3
  event "$2" "${5:-null}" "$3"
  write_state
  rm -f supervisor.pid
  exit "$4"
}

# DONE is written last, atomically: whoever sees it also sees state.json, the done event and
# synced.json say so (a probe between two of these files must never read half a finish).
finish_done() { # finish_done DETAIL
  sv_state=done
  sv_awaiting=none
  sv_reason=$1
  event done null "$1"
  write_state
  date +%s > DONE.tmp.$$ && mv -f DONE.tmp.$$ DONE
  rm -f supervisor.pid
  exit 0
}

on_signal() {
  trap '' TERM INT
  kill_trainer_blocking
  if [ -f parked ]; then
    # Parked (the GPUs released while the DRI decides): state.json keeps the failed attempt and
    # the decision it waits for, which a supervisor started again on this disk takes up.
    event parked null "supervisor received $1 on a parked instance"
    rm -f supervisor.pid
    exit 0
  fi
  finish stopped stopped "supervisor received $1" 0
}
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT

check_deadman() {
  t=$(now)
  age=$((t - sv_started))
  if [ "$age" -gt "$AUTO_DESTROY_AFTER_S" ]; then
    deadman "running for ${age}s, over AUTO_DESTROY_AFTER_S=$AUTO_DESTROY_AFTER_S"
  fi
  lease=$(sed -n '1s/^[^0-9]*\([0-9][0-9]*\).*/\1/p' lease 2>/dev/null)
  deadline=$((sv_started + LEASE_TIMEOUT_S))
  if [ -n "$lease" ] && [ "$lease" -gt "$deadline" ]; then deadline=$lease; fi
  if [ "$t" -gt "$deadline" ]; then
    deadman "watcher lease expired at $deadline (now $t, LEASE_TIMEOUT_S=$LEASE_TIMEOUT_S)"
  fi
}

deadman() {
  trap '' TERM INT
  kill_trainer_blocking
  sv_state=stopped
  sv_reason="dead-man switch: $1"
  event deadman null "$1"
  write_state
  if [ -n "$DESTROY_CMD" ]; then
    sh -c "$DESTROY_CMD" >> destroy.log 2>&1
    event stopped null "DESTROY_CMD exited $?"
  fi
  rm -f supervisor.pid
  exit 3
}

probe_progress() {
  t=$(now)
  m=$(file_mtime "$LOG_FILE")
  [ -n "$m" ] || m=$sv_attempt_started
  sv_log_age=$((t - m))
  [ "$sv_log_age" -ge 0 ] || sv_log_age=0
  sv_gpu_known=0
  if out=$(nvidia-smi --query-gpu=utilization.gpu --format=csv,noheader,nounits 2>/dev/null) \
      && [ -n "$(printf '%s\n' "$out" | tr -d ' \r')" ]; then
    sv_gpu_idle=true
    sv_gpu_known=1
    sv_gpu_note=
    for u in $(printf '%s\n' "$out" | tr -d ' \r'); do
      case $u in
        ''|*[!0-9]*) sv_gpu_idle=false; sv_gpu_known=0; sv_gpu_note="unexpected nvidia-smi output: $u" ;;
        *) [ "$u" -lt 10 ] || sv_gpu_idle=false ;;
      esac
    done
  else
    sv_gpu_idle=false
    sv_gpu_note="no GPU telemetry (nvidia-smi failed or is missing)"
  fi
  # The trainer has printed nothing yet this attempt: a silent startup, not a hang, for a while.
  sv_quiet_start=0
  if [ "$(file_size "$LOG_FILE")" -le "$sv_banner_end" ] && [ $((t - sv_attempt_started)) -lt "$STARTUP_GRACE_S" ]; then
    sv_quiet_start=1
  fi
  sv_stale_why=
  if [ "$sv_quiet_start" = 0 ]; then
    if [ "$sv_gpu_known" = 1 ]; then
      if [ "$sv_log_age" -gt "$STALE_AFTER_S" ] && [ "$sv_gpu_idle" = true ]; then
        sv_stale_why="log silent ${sv_log_age}s (> ${STALE_AFTER_S}s) and GPU idle"
      fi
    elif [ "$STALE_NO_GPU_AFTER_S" -gt 0 ] && [ "$sv_log_age" -gt "$STALE_NO_GPU_AFTER_S" ]; then
      sv_stale_why="log silent ${sv_log_age}s (> ${STALE_NO_GPU_AFTER_S}s without GPU telemetry)"
    fi
  fi
  if [ -n "$sv_stale_why" ]; then
    if [ "$sv_stale_sent" = 0 ]; then
      event stale null "$sv_stale_why"
      sv_stale_sent=1
    fi
  elif [ "$sv_log_age" -le "$STALE_AFTER_S" ]; then
    sv_stale_sent=0
  fi
  scan_nan
}

# A NaN or inf loss in what the trainer printed since the last look becomes an event, once per
# attempt, so that the watcher checks at once rather than at its next cruise check; the watcher's
# parser is the judge. The last 256 bytes are read again next time: a line half-written now is
# whole then. Real trainers write it many ways: 'loss': nan, loss=-inf, loss_G: nan,
# train/loss NaN, Loss is nan, loss: tensor(nan, ...), losses: [nan, ...], "loss": Infinity. The
# key is followed by a separator, so a key such as loss_nan_count is not read as a NaN.
NAN_LOSS_RE="loss[[:alnum:]_/.-]*[\"']?([[:space:]]*[:=][[:space:]]*|[[:space:]]+(is[[:space:]]+)?)(tensor\(|\[)?[\"']?[-+]?(nan|inf|infinity)([^[:alpha:]]|$)"
scan_nan() {
  [ "$sv_nan_sent" = 0 ] || return 0
  sz=$(file_size "$LOG_FILE")
  [ "$sz" -gt "$sv_nan_scanned" ] || return 0
  if tail -c +"$((sv_nan_scanned + 1))" "$LOG_FILE" 2>/dev/null | head -c 4194304 \
      | grep -a -q -i -E "$NAN_LOSS_RE"; then
    event nan null "a NaN or inf loss in the trainer's log"
    sv_nan_sent=1
  fi
  sv_nan_scanned=$((sz > sv_nan_scanned + 256 ? sz - 256 : sv_nan_scanned))
}

attempt_log_tail() {
  tail -c +"$((sv_log_offset + 1))" "$LOG_FILE" 2>/dev/null | tail -n 200
}

pip_name() { # import name -> pip package for the few common mismatches
  case $1 in
    cv2) echo opencv-python-headless ;; PIL) echo pillow ;; sklearn) echo scikit-learn ;;
    yaml) echo pyyaml ;; *) echo "$1" | tr '_' '-' ;;
  esac
}

inside() { # inside CHILD PARENT: CHILD is PARENT or below it
  case $1/ in "$2"/*) return 0 ;; esac
  return 1
}

# Deletes caches only. Checkpoints, the output root and this directory are never touched:
# deleting checkpoints needs a decision by a person.
prune_caches() {
  freed=
  for d in "${HOME:-/root}/.cache/pip" "$WORK_DIR/.cache"; do
    [ -d "$d" ] || continue
    if inside "$CHECKPOINT_DIR" "$d" || inside "$OUTPUT_ROOT" "$d" || inside "$sv_home" "$d"; then continue; fi
    rm -rf "$d" && freed="$freed $d"
  done
  if [ -n "$PRUNE_TMP_DIR" ] && [ -d "$PRUNE_TMP_DIR" ] && command -v find >/dev/null 2>&1; then
    find "$PRUNE_TMP_DIR" -xdev -type f -mmin +"$PRUNE_TMP_MIN" \
      ! -path "$CHECKPOINT_DIR/*" ! -path "$OUTPUT_ROOT/*" ! -path "$sv_home/*" \
      -exec rm -f {} + 2>/dev/null
    freed="$freed $PRUNE_TMP_DIR/(files older than ${PRUNE_TMP_MIN}m)"
  fi
  echo "$freed"
}

run_fix_cmd() { # run_fix_cmd COMMAND [ARG]: output to fixes.log, status returned
  printf '=== %s attempt %s: %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$sv_attempt" "$1" "${2:-}" >> fixes.log
  if [ $# -eq 2 ]; then
    (cd "$WORK_DIR" && sh -c "$1 \"\$1\"" fix "$2") >> fixes.log 2>&1 < /dev/null
  else
    (cd "$WORK_DIR" && sh -c "$1") >> fixes.log 2>&1 < /dev/null
  fi
}

# Sets sv_fix_detail and returns 0 when a safe fix was applied; else sets sv_reason, returns 1.
try_fix() {
  tail_text=$(attempt_log_tail)
  if [ "$sv_fixes" -ge "$MAX_AUTO_FIXES" ]; then
    sv_reason="exit $1; auto-fix budget spent ($sv_fixes of $MAX_AUTO_FIXES)"
    return 1
  fi
  mod=$(printf '%s\n' "$tail_text" | sed -n "s/.*No module named '\([A-Za-z0-9_.-]*\)'.*/\1/p" | tail -n 1)
  if [ -n "$mod" ]; then
    pkg=$(pip_name "${mod%%.*}")
    cmd=${PIP_INSTALL_CMD:-python3 -m pip install}
    sv_fixes=$((sv_fixes + 1))
    if run_fix_cmd "$cmd" "$pkg"; then r=ok; else r="failed (status $?)"; fi
    sv_last_fix="pip install $pkg"
    sv_fix_detail="missing module '$mod': $cmd $pkg: $r"
    return 0
  fi
  if printf '%s\n' "$tail_text" | grep -Eq "gcc: not found|gcc: command not found|command 'gcc' failed|unable to execute '[^']*gcc'|command '[^']*gcc' failed|No CMAKE_CXX_COMPILER could be found|No CMAKE_C_COMPILER could be found|(c\+\+|g\+\+|cc): (command )?not found|error: command '[^']*(g\+\+|c\+\+)' failed|C compiler cannot create executables"; then
    cmd=${APT_INSTALL_CMD:-apt-get install -y build-essential}
    sv_fixes=$((sv_fixes + 1))
    if run_fix_cmd "$cmd"; then r=ok; else r="failed (status $?)"; fi
    sv_last_fix="install compiler"
    sv_fix_detail="missing compiler: $cmd: $r"
    return 0
  fi
  if printf '%s\n' "$tail_text" | grep -q "No space left on device"; then
    sv_fixes=$((sv_fixes + 1))
    freed=$(prune_caches)
    sv_last_fix="prune caches"
    sv_fix_detail="no space left on device: pruned caches:${freed:- nothing to prune} (checkpoints kept)"
    return 0
  fi
  if printf '%s\n' "$tail_text" | grep -Eq "CUDA out of memory|OutOfMemoryError"; then
    if [ "$OOM_REDUCE_EVAL_BATCH" != 1 ]; then
      sv_reason="exit $1: CUDA OOM; OOM_REDUCE_EVAL_BATCH is off, so the supervisor does not change batch sizes"
      return 1
    fi
    old=${EVAL_BATCH_SIZE:-64}
    if [ "$old" -le 1 ]; then
      sv_reason="exit $1: CUDA OOM with EVAL_BATCH_SIZE already 1"
      return 1
    fi
    EVAL_BATCH_SIZE=$((old / 2))
    export EVAL_BATCH_SIZE
    sv_fixes=$((sv_fixes + 1))
    sv_last_fix="EVAL_BATCH_SIZE=$EVAL_BATCH_SIZE"
    sv_fix_detail="CUDA OOM: EVAL_BATCH_SIZE $old -> $EVAL_BATCH_SIZE"
    return 0
  fi
  sv_reason="exit $1: no safe auto-fix applies"
  return 1
}

# --- control/fix: a fix the watcher's guard allowed ---------------------------------------------
# Two lines, the kind and its detail, re-checked here against the same whitelist as the Java side
# (FixRequest), because this file is the last line of defence. The detail is only ever data: one
# quoted argument to PIP_INSTALL_CMD, or one exported variable; it never becomes a command line.

fix_reserved() { # fix_reserved KEY: the supervisor's own names and names that steer a shell
  case $1 in
    RUN_NAME|TRAIN_CMD|WORK_DIR|OUTPUT_ROOT|CHECKPOINT_DIR|CHECKPOINT_PREFIX|COMPLETE_MARKER) return 0 ;;
    CHECKPOINT_LAYOUT|CHECKPOINT_REGEX|STARTUP_GRACE_S|STALE_NO_GPU_AFTER_S) return 0 ;;
    FINAL_STEP|LOG_FILE|MAX_AUTO_FIXES|AUTO_DESTROY_AFTER_S|LEASE_TIMEOUT_S|STALE_AFTER_S) return 0 ;;
    HEARTBEAT_S|DESTROY_CMD|EXTRA_PATH|OOM_REDUCE_EVAL_BATCH|EVAL_BATCH_SIZE|PRUNE_TMP_DIR) return 0 ;;
    PRUNE_TMP_MIN|TICK_S|SETUP_CMD|SYNC_CMD|PIP_INSTALL_CMD|APT_INSTALL_CMD|RESUME_FROM) return 0 ;;
    OOM_ARGS) return 0 ;;
    PATH|HOME|IFS|ENV|BASH_ENV|SHELL|PWD|OLDPWD|PS4|LD_*|BABYSITTER_*) return 0 ;;
  esac
  return 1
}

fix_check() { # fix_check KIND DETAIL: prints why the fix is refused; prints nothing when valid
  if [ "${#2}" -gt 200 ]; then echo "detail longer than 200 characters"; return; fi
  case $1 in
    pip_install)
      printf '%s\n' "$2" | LC_ALL=C grep -Eq '^[A-Za-z0-9][A-Za-z0-9._-]*([<>=!~]=?[A-Za-z0-9.*+!-]+)?$' \
        || echo "pip_install takes one package spec such as numpy==1.26.4" ;;
    env)
      case $2 in *=*) ;; *) echo "env takes KEY=value"; return ;; esac
      key=${2%%=*}
      val=${2#*=}
      if ! printf '%s\n' "$key" | LC_ALL=C grep -Eq '^[A-Z][A-Z0-9_]*$'; then
        echo "env key must match [A-Z][A-Z0-9_]*"
      elif fix_reserved "$key"; then
        echo "env key $key is reserved"
      elif [ -n "$(printf '%s' "$val" | LC_ALL=C tr -d ' -~')" ]; then
        echo "env value must be printable ASCII on one line"
      else
        case $val in *[\"\'\`\\\$]*) echo "env value must not contain quotes, backslashes or \$" ;; esac
      fi ;;
    prune_caches) [ -z "$2" ] || echo "prune_caches takes no detail" ;;
    *) echo "unknown fix kind (allowed: pip_install, env, prune_caches)" ;;
  esac
}

apply_fix() { # apply_fix KIND DETAIL: one unit of the auto-fix budget and one fix event
  if [ "$sv_fixes" -ge "$MAX_AUTO_FIXES" ]; then
    event ignored null "control/fix $1 $2: auto-fix budget spent ($sv_fixes of $MAX_AUTO_FIXES)"
    return
  fi
  sv_fixes=$((sv_fixes + 1))
  case $1 in
    pip_install)
      cmd=${PIP_INSTALL_CMD:-python3 -m pip install}
      if run_fix_cmd "$cmd" "$2"; then r=ok; else r="failed (status $?)"; fi
      sv_last_fix="pip install $2"
      sv_fix_detail="$cmd $2: $r" ;;
    env)
      key=${2%%=*}
      { grep -v "^$key=" fix.env 2>/dev/null; printf '%s\n' "$2"; } > fix.env.tmp && mv -f fix.env.tmp fix.env
      printf '=== %s attempt %s: env %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$sv_attempt" "$2" >> fixes.log
      sv_last_fix="env $key"
      sv_fix_detail="$2 exported to every later attempt: ok" ;;
    prune_caches)
      printf '=== %s attempt %s: prune caches\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$sv_attempt" >> fixes.log
      freed=$(prune_caches)
      printf '%s\n' "pruned:${freed:- nothing to prune}" >> fixes.log
      sv_last_fix="prune caches"
      sv_fix_detail="pruned caches:${freed:- nothing to prune} (checkpoints kept): ok" ;;
  esac
  event fix null "control/fix $1: $sv_fix_detail"
  write_state
}

# A fix that arrives while the trainer runs waits in fix.queue for the next attempt.
apply_queued_fixes() {
  [ -s fix.queue ] || { rm -f fix.queue; return 0; }
  mv -f fix.queue fix.queue.applying
  while IFS= read -r line || [ -n "$line" ]; do
    apply_fix "${line%% *}" "${line#* }"
  done < fix.queue.applying
  rm -f fix.queue.applying
}

handle_fix() {
  fix_kind=$(sed -n 1p control/fix)
  fix_detail=$(sed -n 2p control/fix)
  fix_lines=$(wc -l < control/fix | tr -cd '0-9')
  rm -f control/fix
  why=$(fix_check "$fix_kind" "$fix_detail")
  [ "${fix_lines:-0}" -le 2 ] || why="control/fix is two lines: kind, then detail"
  queued=$(cat fix.queue 2>/dev/null | grep -c .)
  if [ -n "$why" ]; then
    event ignored null "control/fix $fix_kind $fix_detail: refused: $why"
  elif [ $((sv_fixes + queued)) -ge "$MAX_AUTO_FIXES" ]; then
    event ignored null "control/fix $fix_kind $fix_detail: auto-fix budget spent ($sv_fixes used, $queued queued, of $MAX_AUTO_FIXES)"
  elif [ "$sv_running" = 1 ]; then
    printf '%s %s\n' "$fix_kind" "$fix_detail" >> fix.queue
    event fix_queued null "control/fix $fix_kind $fix_detail: applied before the next attempt"
  else
    apply_fix "$fix_kind" "$fix_detail"
  fi
}

# --- setup: the run's one-time preparation (clone, pip install -r) before attempt 1 -------------
run_setup() {
  sv_state=setup
  event setup null "$SETUP_CMD"
  write_state
  rm -f setup.rc setup.pid
  mkdir -p "$WORK_DIR" 2>/dev/null
  (
    trap - TERM INT
    cd "$WORK_DIR" || { echo 127 > "$sv_home/setup.rc.tmp"; mv -f "$sv_home/setup.rc.tmp" "$sv_home/setup.rc"; exit; }
    setsid sh -c "$SETUP_CMD" >> "$sv_home/setup.log" 2>&1 < /dev/null &
    echo $! > "$sv_home/setup.pid.tmp" && mv -f "$sv_home/setup.pid.tmp" "$sv_home/setup.pid"
    wait $!
    echo $? > "$sv_home/setup.rc.tmp" && mv -f "$sv_home/setup.rc.tmp" "$sv_home/setup.rc"
  ) &
  i=0
  while [ ! -s setup.pid ] && [ ! -f setup.rc ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  sv_setup_pid=$(cat setup.pid 2>/dev/null)
  # Heartbeat, lease and stop keep working; relaunch, kill and fix wait until attempt 1 runs.
  while [ ! -f setup.rc ]; do
    check_deadman
    heartbeat
    if [ -f control/stop ]; then
      rm -f control/stop
      kill_trainer_blocking
      finish stopped stopped "control/stop during setup" 0
    fi
    write_state
    sleep "$TICK_S"
  done
  sv_setup_pid=
  rm -f setup.pid
  rc=$(tr -cd '0-9' < setup.rc)
  [ -n "$rc" ] || rc=255
  if [ "$rc" != 0 ]; then
    sv_exit_code=$rc
    last=$(tail -n 5 setup.log 2>/dev/null | tr '\n' ' ' | tail -c 220)
    finish failed setup_failed "setup exited with status $rc; last lines of setup.log: $last" 4 "$rc"
  fi
  event setup_done 0 "setup finished"
}

# --- checkpoint sync: each new complete checkpoint to durable storage, one at a time ------------

# The checkpoint layout (docs/instance-layout.md), shared with the probe and the watcher.
ckpt_complete() { # ckpt_complete PATH: the right kind, and its marker for a directory
  if [ "$CHECKPOINT_LAYOUT" = file ]; then
    [ -f "$1" ]
  else
    [ -d "$1" ] && [ -e "$1/$COMPLETE_MARKER" ]
  fi
}

ckpt_list() { # "STEP NAME" for each name matching the pattern, newest step first; 3 processes
  ls -1 "$CHECKPOINT_DIR" 2>/dev/null | sed -En "s/$CHECKPOINT_REGEX/\1 &/p" \
    | sed 's/^0*\([0-9]\)/\1/' | sort -k1,1nr
}

newest_complete() { # sets nc_step/nc_path to the newest complete checkpoint (nc_step -1: none)
  nc_step=-1
  nc_path=
  ck_list=$(ckpt_list)
  while read -r ck_n ck_name; do
    [ -n "$ck_n" ] || continue
    if ckpt_complete "$CHECKPOINT_DIR/$ck_name"; then
      nc_step=$ck_n
      nc_path=$CHECKPOINT_DIR/$ck_name
      return 0
    fi
  done <<EOF
$ck_list
EOF
  return 0
}

complete_at_step() { # complete_at_step N: sets fc_path to a complete checkpoint of step N
  fc_path=
  ck_list=$(ckpt_list)
  while read -r ck_n ck_name; do
    [ "$ck_n" = "$1" ] || continue
    if ckpt_complete "$CHECKPOINT_DIR/$ck_name"; then
      fc_path=$CHECKPOINT_DIR/$ck_name
      return 0
    fi
  done <<EOF
$ck_list
EOF
  return 1
}

# The placeholders become "$1" and "$2" of sh -c, so a path is always one quoted argument.
start_sync() { # start_sync STEP PATH
  sv_sync_tried=$1
  sv_sync_step=$1
  sv_sync_path=$2
  cmd=$(printf '%s\n' "$SYNC_CMD" | sed 's/{checkpoint}/"$1"/g; s/{step}/"$2"/g')
  rm -f sync.rc
  printf '=== %s sync step %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2" >> sync.log
  # synced.json is written by the sync's own monitor, so a sync that outlives a stopped
  # supervisor still records what it made durable.
  (
    trap - TERM INT
    cd "$WORK_DIR" 2>/dev/null || cd /
    setsid sh -c "$cmd" sync "$2" "$1" >> "$sv_home/sync.log" 2>&1 < /dev/null &
    echo $! > "$sv_home/sync.pid"
    wait $!
    s_rc=$?
    rm -f "$sv_home/sync.pid" # a finished sync's pid may be reused: nobody may signal it later
    if [ "$s_rc" = 0 ]; then
      printf '{"step":%s,"path":"%s","at":%s}\n' "$1" "$(json_str "$2")" "$(now)" \
        > "$sv_home/synced.json.tmp" && mv -f "$sv_home/synced.json.tmp" "$sv_home/synced.json"
    fi
    echo "$s_rc" > "$sv_home/sync.rc.tmp" && mv -f "$sv_home/sync.rc.tmp" "$sv_home/sync.rc"
  ) &
  sv_sync_pid=$!
}

sync_tick() { # records a finished sync, then starts one for a newer complete checkpoint
  [ -n "$SYNC_CMD" ] || return 0
  if [ -n "$sv_sync_pid" ]; then
    [ -f sync.rc ] || return 0
    s_rc=$(tr -cd '0-9' < sync.rc)
    [ -n "$s_rc" ] || s_rc=255
    rm -f sync.rc
    sv_sync_pid=
    if [ "$s_rc" = 0 ]; then
      sv_sync_note="synced"
      event synced 0 "step $sv_sync_step: $sv_sync_path"
    else
      # Not retried: the next checkpoint is, and the guard keeps asking before a destroy.
      sv_sync_note="sync of step $sv_sync_step failed (status $s_rc)"
      event sync_failed "$s_rc" "step $sv_sync_step: $sv_sync_path: sync exited with status $s_rc (see sync.log)"
    fi
  fi
  newest_complete
  if [ "$nc_step" -gt "$sv_sync_tried" ]; then start_sync "$nc_step" "$nc_path"; fi
}

# Before DONE: the final checkpoint is synced, or its failure recorded, while the instance lives.
final_sync() {
  [ -n "$SYNC_CMD" ] || return 0
  sv_state=syncing
  write_state
  while :; do
    sync_tick
    [ -n "$sv_sync_pid" ] || break
    check_deadman
    heartbeat
    if [ -f control/stop ]; then
      rm -f control/stop
      finish stopped stopped "control/stop while syncing the final checkpoint" 0
    fi
    write_state
    sleep "$TICK_S"
  done
}

await_decision() { # await_decision EVENT_DETAIL
  sv_state=failed
  sv_awaiting=decision
  event failed "$sv_exit_code" "$sv_reason"
  write_state
}

on_trainer_exit() {
  rc=$(cat trainer.rc 2>/dev/null | tr -cd '0-9')
  [ -n "$rc" ] || rc=255
  sv_running=0
  sv_exit_code=$rc
  # Leftovers of the trainer's group (daemons, dataloader workers) must not outlive the attempt.
  group_alive && kill -s KILL -- "-$sv_trainer_pid" 2>/dev/null
  event exit "$rc" "trainer exited with status $rc"
  if [ "$sv_killed" = 1 ]; then
    sv_reason="exit $rc: killed via control/kill"
    await_decision
  elif [ "$rc" = 0 ]; then
    if complete_at_step "$FINAL_STEP"; then
      final_sync
      finish_done "exit 0 and final checkpoint $fc_path complete${sv_sync_note:+; $sv_sync_note}"
    fi
    if [ "$CHECKPOINT_LAYOUT" = file ]; then sv_what="no checkpoint file for step $FINAL_STEP"
    else sv_what="$CHECKPOINT_PREFIX$FINAL_STEP has no $COMPLETE_MARKER"; fi
    sv_reason="exit 0 but the final checkpoint is not complete: $sv_what in $CHECKPOINT_DIR (stopped early?)"
    await_decision
  elif try_fix "$rc"; then
    sv_state=retrying
    event fix "$rc" "$sv_fix_detail"
    write_state
    start_attempt
  else
    await_decision
  fi
}

handle_control() {
  if [ -f control/stop ]; then
    rm -f control/stop
    kill_trainer_blocking
    finish stopped stopped "control/stop" 0
  fi
  if [ -f control/kill ]; then
    rm -f control/kill
    if [ "$sv_running" = 1 ] && group_alive; then
      sv_killed=1
      kill -s TERM -- "-$sv_trainer_pid" 2>/dev/null
      sv_kill_deadline=$(($(now) + 5))
      event killed null "control/kill: TERM to process group $sv_trainer_pid"
    else
      event ignored null "control/kill: no trainer running"
    fi
  fi
  # Before relaunch, so that a fix and a relaunch sent together give the new attempt the fix.
  if [ -f control/fix ]; then
    handle_fix
  fi
  if [ -f control/relaunch ]; then
    if [ "$sv_running" = 1 ]; then
      rm -f control/relaunch
      event ignored null "control/relaunch: trainer still running (send control/kill first)"
    else
      grep -E '^[A-Za-z_][A-Za-z0-9_]*=' control/relaunch > relaunch.env 2>/dev/null
      rm -f control/relaunch
      # An OOM ladder step holds for every later attempt, not only this relaunch's. Its flags
      # reach a shell, so only numeric --flag values are taken.
      if grep -q '^OOM_ARGS=' relaunch.env; then
        grep -E '^OOM_ARGS=(--[A-Za-z0-9_.-]+[ =][0-9]+ ?)+$' relaunch.env > oom.env.tmp
        grep -v '^OOM_ARGS=' relaunch.env > relaunch.env.tmp; mv -f relaunch.env.tmp relaunch.env
        if [ -s oom.env.tmp ]; then mv -f oom.env.tmp oom.env
        else rm -f oom.env.tmp; event ignored null "control/relaunch: OOM_ARGS refused (only --flag N pairs)"; fi
      fi
      vars=$(tr '\n' ' ' < relaunch.env | sed 's/ *$//')
      event retry null "control/relaunch${vars:+: $vars}"
      rm -f parked DONE
      start_attempt
    fi
  fi
}

# The command's program must resolve where it runs: a typo or a missing interpreter is a setup
# failure for the DRI, not a crash to retry. Only a plain first word is checked (after VAR=value
# assignments); quoting, expansions and shell syntax are left to the shell.
check_program() {
  cp_prog=
  set -f
  for cp_w in $TRAIN_CMD; do
    case $cp_w in *=*) continue ;; esac
    cp_prog=$cp_w
    break
  done
  set +f
  case $cp_prog in ''|*[!A-Za-z0-9_./+-]*) return 0 ;; esac
  case $cp_prog in
    */*) (cd "$WORK_DIR" 2>/dev/null && [ -f "$cp_prog" ] && [ -x "$cp_prog" ]) && return 0 ;;
    *) (cd "$WORK_DIR" 2>/dev/null && command -v "$cp_prog" >/dev/null 2>&1) && return 0 ;;
  esac
  sv_exit_code=127
  printf "=== babysitter: the command's program '%s' is not found from %s ===\n" "$cp_prog" "$WORK_DIR" >> "$LOG_FILE"
  finish failed setup_failed "the command's program '$cp_prog' is not found (not on PATH, or not an executable file, from $WORK_DIR); nothing was started" 4 127
}

sv_kill_deadline=0
sv_sync_note=
# Only before attempt 1: a restarted supervisor (attempt > 0) finds the work tree prepared.
if [ -n "$SETUP_CMD" ] && [ "$sv_attempt" = 0 ]; then run_setup; fi
if [ "$sv_attempt" = 0 ]; then check_program; fi
if [ -f parked ]; then
  # Started again on a parked instance: the failed attempt's exit stays what the watcher sees,
  # and nothing runs until the DRI's answer arrives as control/relaunch (or control/stop).
  sv_exit_code=$(sed -n 's/.*"exit_code":\([0-9][0-9]*\).*/\1/p' state.json 2>/dev/null)
  : "${sv_exit_code:=null}"
  sv_reason=$(sed -n 's/.*"reason":"\([^"]*\)".*/\1/p' state.json 2>/dev/null)
  sv_reason="${sv_reason:-parked}"
  grep -q '"killed":true' state.json 2>/dev/null && sv_killed=1
  if [ -f DONE ]; then sv_exit_code=0; fi
  sv_state=failed
  sv_awaiting=decision
  event unparked "$sv_exit_code" "started again on a parked instance: waiting for the DRI's decision"
  write_state
else
  start_attempt
  # At once, not after the first tick: a state.json left by an earlier supervisor on this disk
  # (a failed attempt awaiting a decision) must not be read beside a live supervisor.
  write_state
fi
while :; do
  check_deadman
  heartbeat
  handle_control
  sync_tick
  if [ "$sv_running" = 1 ]; then
    if [ -f trainer.rc ]; then
      on_trainer_exit
    else
      if [ "$sv_killed" = 1 ] && [ "$(now)" -ge "$sv_kill_deadline" ] && group_alive; then
        kill -s KILL -- "-$sv_trainer_pid" 2>/dev/null
      fi
      probe_progress
    fi
  fi
  write_state
  sleep "$TICK_S"
done
