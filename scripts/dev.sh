#!/usr/bin/env bash
# `npm run dev`: runs the manager locally. Uses the cluster in KUBECONFIG (or ~/.kube/config)
# when one answers; otherwise brings up the local control plane, applies the example MCP
# servers, and runs there. Serves on 127.0.0.1:${PORT:-8080}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/install.sh

if kubectl version --request-timeout=3s >/dev/null 2>&1; then
  echo "[dev] using the cluster of your kubeconfig ($(kubectl config current-context))" >&2
else
  echo "[dev] no reachable cluster configured: starting the local control plane" >&2
  eval "$(bash infra/control-plane/up.sh)"
  kubectl apply -f infra/examples/mcp-servers.yaml >&2
fi

export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8080}"
url="http://$HOST:$PORT"
cat >&2 <<EOT

  mcp-lifecycle on $url   (KUBECONFIG=${KUBECONFIG:-~/.kube/config})

  curl $url/servers
  curl $url/servers/mcp-weather
  curl -X POST $url/servers/mcp-github/start -H 'content-type: application/json' -d '{"wait_ready":true}'
  curl -X POST $url/servers/mcp-github/scale -H 'content-type: application/json' -d '{"replicas":2}'
  curl -X POST $url/servers/mcp-github/stop  -H 'content-type: application/json' -d '{"force":false}'

EOT
exec node apps/server/src/main.ts
