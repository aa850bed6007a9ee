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
  # What a deployed manager has: its Role and the record that makes deliveries act once.
  kubectl apply -k infra/base >&2
fi
namespace="${MCPL_NAMESPACE:-default}"
if ! kubectl get configmap mcp-lifecycle-deliveries -n "$namespace" >/dev/null 2>&1; then
  echo "[dev] creating the deliveries record (ConfigMap mcp-lifecycle-deliveries) in namespace $namespace" >&2
  kubectl create -n "$namespace" -f infra/base/deliveries-configmap.yaml >&2 ||
    echo "[dev] could not create it: webhooks and events with a delivery id will answer 500 until it exists" >&2
fi

# A write token for this machine, made once and kept with the cache (never in the repo).
dev_dir="${MCPL_CACHE:-$HOME/.cache/mcp-lifecycle}/dev"
if [ -z "${MCPL_TOKENS_FILE:-}" ] && [ "${MCPL_AUTH:-token}" = token ]; then
  mkdir -p "$dev_dir" && chmod 700 "$dev_dir"
  if [ ! -f "$dev_dir/tokens.json" ]; then
    node -e 'const t=require("crypto").randomBytes(24).toString("hex");process.stdout.write(JSON.stringify({tokens:[{id:"dev",scope:"write",token:t}]}))' >"$dev_dir/tokens.json"
    chmod 600 "$dev_dir/tokens.json"
  fi
  export MCPL_TOKENS_FILE="$dev_dir/tokens.json"
fi
# A webhook secret for the source `dev`, made the same way.
if [ -z "${MCPL_WEBHOOK_SECRETS_FILE:-}" ]; then
  mkdir -p "$dev_dir" && chmod 700 "$dev_dir"
  if [ ! -f "$dev_dir/webhook-secrets.json" ]; then
    node -e 'process.stdout.write(JSON.stringify({dev:require("crypto").randomBytes(24).toString("hex")}))' >"$dev_dir/webhook-secrets.json"
    chmod 600 "$dev_dir/webhook-secrets.json"
  fi
  export MCPL_WEBHOOK_SECRETS_FILE="$dev_dir/webhook-secrets.json"
fi
secret=$(node -e 'try{process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).dev||"")}catch{}' "$MCPL_WEBHOOK_SECRETS_FILE")
token=$(node -e 'try{process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).tokens[0].token||"")}catch{}' "${MCPL_TOKENS_FILE:-/dev/null}")

# On the local control plane (pods get loopback IPs), the example servers run for real.
api_server=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')
if [[ "$api_server" == https://127.0.0.1:* ]]; then
  node apps/example-mcp-server/src/serve-pods.ts --parent $$ --namespace "$namespace" >&2 &
fi

export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8080}"
url="http://$HOST:$PORT"
auth="-H 'Authorization: Bearer $token'"
cat >&2 <<EOT

  mcp-lifecycle on $url   (KUBECONFIG=${KUBECONFIG:-~/.kube/config})
  token (tokens file: ${MCPL_TOKENS_FILE:-none}): $token

  curl $auth $url/servers
  curl $auth $url/servers/mcp-weather
  curl $auth -X POST $url/servers/mcp-github/start -H 'content-type: application/json' -d '{"wait_ready":true}'
  curl $auth -X POST $url/servers/mcp-github/scale -H 'content-type: application/json' -d '{"replicas":2}'
  curl $auth -X POST $url/servers/mcp-github/stop  -H 'content-type: application/json' -d '{"force":false}'

  MCPL_TOKEN=$token npx mcpl --url $url list

  webhook secret of the source 'dev': $secret
  body='{"action":"start","name":"mcp-github","wait_ready":false}'
  id=\$(openssl rand -hex 16); ts=\$(date +%s)
  sig=\$(printf '%s' "\$id.\$ts.\$body" | openssl dgst -sha256 -hmac '$secret' -binary | base64)
  curl -X POST $url/hooks/dev -H 'content-type: application/json' -H "webhook-id: \$id" -H "webhook-timestamp: \$ts" -H "webhook-signature: v1,\$sig" -d "\$body"
  curl $auth -X POST $url/events -H 'ce-specversion: 1.0' -H 'ce-type: dev.mcp-lifecycle.server.scale' -H 'ce-source: /dev' -H "ce-id: \$(openssl rand -hex 16)" -H 'content-type: application/json' -d '{"name":"mcp-github","replicas":1}'

  MCP client (wakes the server): $url/servers/mcp-github/mcp   with header Authorization: Bearer $token

  dashboard: $url/    API document: $url/docs    metrics: $url/metrics    MCP endpoint: $url/mcp

EOT
exec node apps/server/src/main.ts
