#!/usr/bin/env bash
# End-to-end check of a running control plane (needs kubectl and KUBECONFIG from up.sh):
# a 2-replica Deployment on the kwok nodes turns Ready with loopback pod IPs, its Service gets a
# ClusterIP, scaling to 0 removes the pods, a ServiceAccount token can be issued, and
# each kwok scenario stage (never-ready, crash-loop, image-pull-error, ready-delay) acts as
# documented. Works in a throw-away namespace, removed at the end. Prints timings to stderr.
set -euo pipefail
command -v kubectl >/dev/null || { echo "verify.sh: kubectl not on PATH" >&2; exit 1; }
: "${KUBECONFIG:?run eval \"\$(up.sh)\" first}"
ns="mcpl-verify-$$"
k() { kubectl -n "$ns" "$@"; }
ms() { date +%s%3N; }
say() { echo "[verify] $*" >&2; }
trap 'kubectl delete namespace "$ns" --wait=false >/dev/null 2>&1 || true' EXIT

kubectl create namespace "$ns" >/dev/null
until k get serviceaccount default >/dev/null 2>&1; do sleep 0.1; done

# deploy NAME REPLICAS [LABELS_JSON] [ANNOTATIONS_JSON] [EXTRA_SPEC_JSON]
deploy() {
  local name=$1 replicas=$2 labels=${3:-"{}"} annotations=${4:-"{}"} extra=${5:-""}
  k apply -f - >/dev/null <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $name
spec:
  replicas: $replicas
  ${extra}
  selector:
    matchLabels: {app: $name}
  template:
    metadata:
      labels: $(echo "$labels" | sed "s/^{/{\"app\": \"$name\", /; s/, }$/}/")
      annotations: $annotations
    spec:
      nodeSelector: {type: kwok}
      tolerations:
      - {key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}
      containers:
      - name: server
        image: example.invalid/mcp-server:1
        ports: [{containerPort: 8080}]
YAML
}

t=$(ms)
deploy web 2
k apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
YAML
k rollout status deployment/web --timeout=60s >/dev/null
ready=$(k get deployment web -o jsonpath='{.status.readyReplicas}')
[ "$ready" = 2 ] || { say "readyReplicas=$ready, want 2"; exit 1; }
say "Deployment web: readyReplicas=2 after $(( $(ms) - t )) ms"

ip=$(k get service web -o jsonpath='{.spec.clusterIP}')
[[ $ip == 10.96.* ]] || { say "Service ClusterIP '$ip'"; exit 1; }
# Pod IPs are loopback addresses (kwok --cidr, 127.1.0.1/16 unless MCPL_POD_CIDR), which the API server refuses in
# EndpointSlices: they stay empty, and the pod IPs are read from the Pods.
pod_ips=$(k get pods -l app=web -o jsonpath='{range .items[*]}{.status.podIP}{" "}{end}')
for a in $pod_ips; do
  [[ $a == 127.* ]] || { say "pod IP '$a' is not a loopback address"; exit 1; }
done
[ "$(wc -w <<<"$pod_ips")" = 2 ] || { say "pod IPs: '$pod_ips', want 2"; exit 1; }
say "Service web: ClusterIP $ip; pod IPs (loopback): $pod_ips"

t=$(ms)
k scale deployment/web --replicas=0 >/dev/null
for _ in $(seq 1 300); do
  [ -z "$(k get pods -l app=web -o name)" ] && break
  sleep 0.1
done
[ -z "$(k get pods -l app=web -o name)" ] || { say "pods still there after scale to 0"; exit 1; }
say "scaled to 0: pods gone after $(( $(ms) - t )) ms"

token=$(kubectl create token default -n "$ns")
[ -n "$token" ] || { say "no token"; exit 1; }
say "kubectl create token default: ok (${#token} chars)"

# --- kwok scenario stages -------------------------------------------------------------------
# pod_field NAME JSONPATH: the field of the (single) pod of Deployment NAME.
pod_field() { k get pods -l "app=$1" -o jsonpath="{.items[0]$2}" 2>/dev/null || true; }
wait_field() { # NAME JSONPATH WANT
  local _i
  for _i in $(seq 1 100); do [ "$(pod_field "$1" "$2")" = "$3" ] && return 0; sleep 0.1; done
  say "$1: $2 is '$(pod_field "$1" "$2")', want '$3'"; exit 1
}
if kubectl get --raw /api >/dev/null && [ "${MCPL_KWOK_STAGES:-}" != none ]; then
  deploy never 1 '{"mcp-lifecycle.test/never-ready": "true"}' '{}' 'progressDeadlineSeconds: 3'
  deploy crash 1 '{"mcp-lifecycle.test/crash-loop": "true"}'
  deploy pull 1 '{"mcp-lifecycle.test/image-pull-error": "true"}'
  t=$(ms)
  deploy slow 1 '{}' '{"mcp-lifecycle.test/ready-delay": "3s"}'
  wait_field never '.status.phase' Running
  wait_field never '.status.containerStatuses[0].started' true
  wait_field never '.status.conditions[?(@.type=="Ready")].status' False
  say "never-ready: pod Running, Ready=False"
  wait_field crash '.status.containerStatuses[0].state.waiting.reason' CrashLoopBackOff
  wait_field crash '.status.containerStatuses[0].restartCount' 5
  say "crash-loop: container waiting CrashLoopBackOff, restartCount 5"
  wait_field pull '.status.containerStatuses[0].state.waiting.reason' ImagePullBackOff
  wait_field pull '.status.phase' Pending
  say "image-pull-error: pod Pending, container waiting ImagePullBackOff"
  [ "$(pod_field slow '.status.phase')" = Pending ] || { say "ready-delay: ready too early"; exit 1; }
  k rollout status deployment/slow --timeout=30s >/dev/null
  say "ready-delay 3s: Deployment available after $(( $(ms) - t )) ms"
  for _ in $(seq 1 300); do
    reason=$(k get deployment never -o jsonpath='{.status.conditions[?(@.type=="Progressing")].reason}')
    [ "$reason" = ProgressDeadlineExceeded ] && break
    sleep 0.1
  done
  [ "$reason" = ProgressDeadlineExceeded ] || { say "never-ready: Progressing reason '$reason'"; exit 1; }
  say "never-ready with progressDeadlineSeconds 3: ProgressDeadlineExceeded"
  k delete deployment never crash pull slow --wait=false >/dev/null
  for _ in $(seq 1 300); do [ -z "$(k get pods -o name)" ] && break; sleep 0.1; done
  [ -z "$(k get pods -o name)" ] || { say "scenario pods not deleted"; exit 1; }
  say "scenario pods deleted"
fi
say "all checks passed"
