# shellcheck shell=bash
# Helpers shared by up.sh and down.sh; sourced, not run. Expects versions.sh sourced first.
# Everything prints to stderr: stdout is reserved for up.sh's single export line.

# shellcheck disable=SC2034 # used by up.sh
MCPL_COMPONENTS="etcd kube-apiserver kube-controller-manager kube-scheduler kwok"
MCPL_MARKER=".mcpl-cluster"

log() { echo "[control-plane] $*" >&2; }
die() { echo "[control-plane] ERROR: $*" >&2; exit 1; }

# pid_of NAME: the recorded pid of a component, or nothing.
pid_of() {
  local f="$MCPL_STATE/pids/$1.pid"
  [ -f "$f" ] || return 0
  tr -dc '0-9' <"$f"
}

# is_ours PID: the process is alive and is one we started (its command line names our state
# directory). Guards against pid reuse: the state directory outlives the processes (reboot,
# a new session on the same machine), and a reused pid must never be signalled.
is_ours() {
  local pid=$1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$MCPL_STATE/"
}

# stop_components: TERM every recorded component, KILL what is left after a bound.
stop_components() {
  [ -d "$MCPL_STATE/pids" ] || return 0
  local name pid pids="" waited=0 bound="${MCPL_STOP_TIMEOUT:-10}"
  # Reverse start order: clients first, etcd last.
  for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    pid=$(pid_of "$name")
    if is_ours "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids="$pids $pid"
    fi
  done
  pids="${pids# }"
  while [ -n "$pids" ]; do
    local left=""
    for pid in $pids; do
      is_ours "$pid" && left="$left $pid"
    done
    pids="${left# }"
    [ -z "$pids" ] && break
    if [ "$waited" -ge $((bound * 10)) ]; then
      log "still running after ${bound}s, sending KILL: $pids"
      for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
      sleep 0.2
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$MCPL_STATE"/pids/*.pid
}

# remove_state: deletes $MCPL_STATE, but only if it is ours (has our marker) or is empty.
remove_state() {
  [ -e "$MCPL_STATE" ] || return 0
  case "$MCPL_STATE" in
    ""|"/"|"$HOME"|"$HOME/") die "refusing to remove MCPL_STATE='$MCPL_STATE'" ;;
  esac
  if [ -f "$MCPL_STATE/$MCPL_MARKER" ] || [ -z "$(ls -A "$MCPL_STATE" 2>/dev/null)" ]; then
    rm -rf "$MCPL_STATE"
  else
    die "$MCPL_STATE exists but was not made by up.sh (no $MCPL_MARKER); not removing it"
  fi
}

# take_lock: serialises up.sh / down.sh runs on the same $MCPL_STATE (parallel test workers
# may all call up.sh). Held on fd 9 until the script exits; started daemons must not inherit
# fd 9 (up.sh closes it for them).
take_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p "$(dirname "$MCPL_STATE")"
  exec 9>"$MCPL_STATE.lock"
  flock 9
}
