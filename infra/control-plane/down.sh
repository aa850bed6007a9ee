#!/usr/bin/env bash
# Stops the local control plane started by up.sh (by recorded pid: TERM, then KILL after
# MCPL_STOP_TIMEOUT seconds, default 10) and removes $MCPL_STATE. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"
# shellcheck source=lib.sh
source "$here/lib.sh"

take_lock
if [ ! -e "$MCPL_STATE" ]; then
  log "nothing to stop ($MCPL_STATE does not exist)"
  exit 0
fi
stop_components
remove_state
log "stopped; removed $MCPL_STATE"
