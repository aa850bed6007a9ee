#!/usr/bin/env bash
# Runs a command with the project's toolchain and dependencies in place: scripts/run.sh <cmd...>
set -euo pipefail
source "$(dirname "$0")/install.sh"
cd "$(dirname "$0")/.."
exec "$@"
