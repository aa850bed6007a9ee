#!/usr/bin/env bash
# npm run bench: toolchain and dependencies, the bundles (functions and manager), the local
# control plane (reused when one is already up; MCPL_STATE picks another), then every benchmark.
# Arguments go to bench/main.ts: --sizes=10,100 --only=list,readiness (or BENCH_* variables).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh
echo "[bench] building the function bundles and the manager's" >&2
pnpm --filter @mcp-lifecycle/functions build >&2
pnpm --filter @mcp-lifecycle/server build >&2
eval "$(bash infra/control-plane/up.sh)"
export KUBECONFIG
exec node bench/main.ts "$@"
