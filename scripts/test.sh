#!/usr/bin/env bash
# `npm test`: every test, from a fresh machine. Installs the toolchain and dependencies,
# type-checks, runs the unit tier, then the cluster tier against the local control plane
# (built from Go modules on first use, ~11 min on 2 cores, then cached).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/install.sh

echo "== typecheck" >&2
pnpm exec tsc -p tsconfig.json

echo "== chromium (the dashboard's browser tests)" >&2
bash scripts/install-chromium.sh

echo "== unit tests" >&2
pnpm exec vitest run --project unit

echo "== cluster tests (local control plane)" >&2
bash infra/control-plane/build.sh >/dev/null
pnpm exec vitest run --project cluster
