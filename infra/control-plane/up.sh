#!/usr/bin/env bash
# Starts a local Kubernetes control plane: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and kwok (fake nodes and pods), all on 127.0.0.1, state in $MCPL_STATE.
#
#   eval "$(infra/control-plane/up.sh)"     # prints exactly: export KUBECONFIG=<path>
#
# Idempotent: when the cluster of an earlier run is still healthy it only prints the line.
# All progress goes to stderr. Needs bash, curl, openssl and coreutils (no kubectl, no jq).
# Environment (all optional):
#   MCPL_STATE, MCPL_CACHE          where state / built binaries live (see versions.sh)
#   MCPL_APISERVER_PORT, MCPL_ETCD_PORT, MCPL_ETCD_PEER_PORT,
#   MCPL_CONTROLLER_MANAGER_PORT, MCPL_SCHEDULER_PORT
#                                   fixed loopback ports (default: free ports picked at random)
#   MCPL_NODES (2), MCPL_NODE_CPU (64), MCPL_NODE_MEMORY (512Gi), MCPL_NODE_PODS (2000)
#   MCPL_KWOK_STAGES                kwok stage file (default kwok-stages/pod-stages.yaml; "none"
#                                   for kwok's built-in stages only)
#   MCPL_AUDIT_MAXSIZE (512)        MB before audit.log is rotated (one backup kept)
#   MCPL_UP_TIMEOUT (90)            seconds to wait for each readiness step
#   MCPL_POD_CIDR (127.1.0.1/16)    kwok's pod range; give each control plane on a machine its own
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"
# shellcheck source=lib.sh
source "$here/lib.sh"

for tool in curl openssl setsid base64; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not on PATH"
done

t0=$(date +%s%N)
elapsed() { local t; t=$(date +%s%N); echo "$(((t - t0) / 1000000)) ms"; }

nodes=${MCPL_NODES:-2}
timeout=${MCPL_UP_TIMEOUT:-90}
stages_file=${MCPL_KWOK_STAGES:-$here/kwok-stages/pod-stages.yaml}
# Pod IPs 127.1.0.1 and up: loopback (see kwok_args). Two control planes on one machine need
# distinct ranges, or their pod processes would try to listen on the same addresses.
POD_CIDR=${MCPL_POD_CIDR:-127.1.0.1/16}
[[ $POD_CIDR == 127.* ]] || die "MCPL_POD_CIDR must be inside 127.0.0.0/8 (pods run as local processes)"

take_lock

# --- binaries -------------------------------------------------------------------------------
log "resolving binaries (build.sh; a cold build takes ~10 min)"
build_out=$("$here/build.sh")
BIN_ETCD="" BIN_APISERVER="" BIN_KCM="" BIN_SCHEDULER="" BIN_KWOK=""
while IFS='=' read -r name path; do
  case "$name" in
    etcd) BIN_ETCD=$path ;;
    kube-apiserver) BIN_APISERVER=$path ;;
    kube-controller-manager) BIN_KCM=$path ;;
    kube-scheduler) BIN_SCHEDULER=$path ;;
    kwok) BIN_KWOK=$path ;;
  esac
done <<<"$build_out"
for b in "$BIN_ETCD" "$BIN_APISERVER" "$BIN_KCM" "$BIN_SCHEDULER" "$BIN_KWOK"; do
  if [ -n "$b" ] && [ -x "$b" ]; then continue; fi
  die "build.sh did not give all five binaries:"$'\n'"$build_out"
done

pki="$MCPL_STATE/pki"
kubeconfig="$MCPL_STATE/kubeconfig"
cluster_env="$MCPL_STATE/cluster.env"

# api PATH [curl args...]: a request to the apiserver as the admin (client certificate).
api() {
  local p=$1; shift
  # The user agent is not curl's: kube-apiserver pretty-prints JSON for curl, and the audit log
  # tells these requests apart by it.
  curl -sS --noproxy '*' --max-time 5 -A mcpl-up.sh --cacert "$pki/ca.crt" \
    --cert "$pki/admin.crt" --key "$pki/admin.key" "$@" "https://127.0.0.1:$APISERVER_PORT$p"
}

emit() {
  printf 'export KUBECONFIG=%q\n' "$kubeconfig"
}

# --- processes ------------------------------------------------------------------------------
# start NAME BINARY ARGS...: detached (own session, no terminal, stdin closed), log and pid
# files under $MCPL_STATE. The pid is written by the process itself before it execs.
start() {
  local name=$1; shift
  local pidf="$MCPL_STATE/pids/$name.pid" i
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" \
    </dev/null >>"$MCPL_STATE/logs/$name.log" 2>&1 9>&- &
  for i in $(seq 1 50); do [ -s "$pidf" ] && return 0; sleep 0.02; done
  fail "$name" "did not start"
}

# start_control_loop NAME BINARY PORT KUBECONFIG [FLAG...]: kube-controller-manager and
# kube-scheduler take the same flags for their API client (one kubeconfig for calls,
# authentication and authorization, a high rate limit), their loopback health port and no
# leader election; their own flags follow.
start_control_loop() {
  local name=$1 binary=$2 port=$3 kubeconfig=$4; shift 4
  start "$name" "$binary" \
    --kubeconfig "$kubeconfig" \
    --authentication-kubeconfig "$kubeconfig" \
    --authorization-kubeconfig "$kubeconfig" \
    --authorization-always-allow-paths /healthz,/readyz,/livez,/metrics \
    --bind-address 127.0.0.1 \
    --secure-port "$port" \
    --cert-dir "$MCPL_STATE/certs/$name" \
    --leader-elect=false \
    --kube-api-qps 500 \
    --kube-api-burst 1000 \
    "$@"
}

# fail NAME REASON: reports, shows the component's log tail, stops everything, exits 1.
fail() {
  log "FAILED: $1: $2"
  if [ -f "$MCPL_STATE/logs/$1.log" ]; then
    log "last lines of $MCPL_STATE/logs/$1.log:"
    tail -n 40 "$MCPL_STATE/logs/$1.log" | sed 's/^/    /' >&2
  fi
  stop_components
  log "logs kept in $MCPL_STATE/logs; run down.sh to remove them"
  exit 1
}

# wait_until NAME WHAT COMMAND...: polls COMMAND until it succeeds; fails when NAME's process
# dies or after $timeout seconds.
wait_until() {
  local name=$1 what=$2; shift 2
  local deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    is_ours "$(pid_of "$name")" || fail "$name" "process exited while waiting for $what"
    [ "$(date +%s)" -lt "$deadline" ] || fail "$name" "timed out after ${timeout}s waiting for $what"
    sleep 0.1
  done
}

# kwok's flags. Pod IPs come from --cidr: loopback addresses, so a test harness can run one real
# server process per pod on this machine (packages/k8s-adapter/src/testing/pod-processes.ts).
# The API server keeps such pods out of EndpointSlices: read pod IPs from the Pods.
kwok_args=(
  --kubeconfig "$MCPL_STATE/kwok.kubeconfig"
  --manage-all-nodes=true
  --cidr "$POD_CIDR"
  --node-ip 127.0.0.1
  --node-lease-duration-seconds 40
)
if [ "$stages_file" != none ]; then
  [ -f "$stages_file" ] || die "MCPL_KWOK_STAGES: no such file: $stages_file"
  kwok_args+=(--config "$stages_file" --config "$MCPL_STATE/kwok-ip-noted.yaml")
fi

# write_ip_noted_stage: before each kwok start, a stage that labels every running pod with a
# token new to this start. kwok 0.7.0 keeps no record of the pod IPs it handed out: it notes a
# pod's IP only while playing a stage for that pod, just before the stage's patch, so a pod
# carrying this start's token is one whose IP kwok knows (ips_noted waits for all of them).
# Without it, a restarted kwok gave new pods the IPs of running ones (two servers, one address).
ip_noted_label=mcp-lifecycle.test/kwok-ip-noted
write_ip_noted_stage() {
  [ "$stages_file" != none ] || return 0
  ip_noted_token=$(date +%s%N)
  cat >"$MCPL_STATE/kwok-ip-noted.yaml" <<EOF
# Written by up.sh for the kwok started at $(date -u +%FT%TZ); see write_ip_noted_stage.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: mcpl-pod-ip-noted
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.podIP'
      operator: 'Exists'
    - key: '.metadata.ownerReferences.[].kind'
      operator: 'NotIn'
      values: ['Job']
    - key: '.metadata.labels["$ip_noted_label"]'
      operator: 'NotIn'
      values: ['$ip_noted_token']
  next:
    patches:
    - type: merge
      template: |
        metadata:
          labels:
            $ip_noted_label: '$ip_noted_token'
EOF
}

# ips_noted: no running pod (Jobs' pods aside) lacks this kwok start's token.
ips_noted() {
  local out
  out=$(api "/api/v1/pods?limit=1&fieldSelector=status.podIP%21%3D,status.phase%3DRunning&labelSelector=%21job-name,$ip_noted_label%21%3D$ip_noted_token") || return 1
  grep -q '"items":\[\]' <<<"$out"
}

# nodes_ready: kwok has made all $nodes nodes Ready.
nodes_ready() {
  local out
  out=$(api '/api/v1/nodes?labelSelector=type%3Dkwok') || return 1
  [ "$(grep -o '"type":"Ready","status":"True"' <<<"$out" | wc -l)" -ge "$nodes" ]
}

# kwok_current: the running kwok has exactly the command line this script would give it (a
# cluster started by an older up.sh has the old pod CIDR, 10.244.0.1/16).
kwok_current() {
  local pid
  pid=$(pid_of kwok)
  is_ours "$pid" || return 1
  [ "$(tr '\0' '\n' <"/proc/$pid/cmdline")" = "$(printf '%s\n' "$BIN_KWOK" "${kwok_args[@]}")" ]
}

# restart_kwok: replaces kwok alone, keeping etcd, the API server and every object. Pods that
# already have an IP keep it; new pods get one from the new --cidr.
restart_kwok() {
  local pid i
  pid=$(pid_of kwok)
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do is_ours "$pid" || break; sleep 0.1; done
  if is_ours "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  # Each kwok start takes a new holder id, and a node lease held by the old one is only taken
  # over when it expires (40 s): until then the new kwok leaves the node's pods alone.
  for i in $(seq 0 $((nodes - 1))); do
    api "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kwok-node-$i" \
      -X DELETE >/dev/null || true
  done
  write_ip_noted_stage
  start kwok "$BIN_KWOK" "${kwok_args[@]}"
  # A bad flag or kubeconfig ends kwok at once; nodes stay Ready through the restart (lease).
  sleep 1
  is_ours "$(pid_of kwok)" || fail kwok "exited right after its restart"
  wait_until kwok "$nodes Ready nodes" nodes_ready
  # A pod created before kwok has replayed a stage for every running pod could be given an IP
  # still in use (see write_ip_noted_stage).
  [ "$stages_file" = none ] || wait_until kwok "the IPs of running pods noted" ips_noted
}

# --- already running? -----------------------------------------------------------------------
healthy() {
  [ -f "$cluster_env" ] && [ -f "$kubeconfig" ] || return 1
  # shellcheck disable=SC1090
  source "$cluster_env"
  [ -n "${APISERVER_PORT:-}" ] && [ -n "${ETCD_PORT:-}" ] || return 1
  local c
  for c in $MCPL_COMPONENTS; do is_ours "$(pid_of "$c")" || return 1; done
  # Same binaries and the same explicitly requested ports, or it is not the cluster asked for.
  [ "$BIN_ETCD:$BIN_APISERVER:$BIN_KCM:$BIN_SCHEDULER:$BIN_KWOK" = "${RUNNING_BINS:-}" ] || return 1
  [ -z "${MCPL_APISERVER_PORT:-}" ] || [ "$MCPL_APISERVER_PORT" = "$APISERVER_PORT" ] || return 1
  [ -z "${MCPL_ETCD_PORT:-}" ] || [ "$MCPL_ETCD_PORT" = "$ETCD_PORT" ] || return 1
  [ "$(api /readyz 2>/dev/null)" = "ok" ]
}

if healthy; then
  if ! kwok_current; then
    log "kwok runs with other flags than these (e.g. an older pod CIDR): restarting kwok only"
    restart_kwok
  fi
  log "cluster already running and healthy (apiserver https://127.0.0.1:$APISERVER_PORT); $(elapsed)"
  emit
  exit 0
fi

# --- fresh state ----------------------------------------------------------------------------
if [ -d "$MCPL_STATE" ]; then
  log "stopping leftovers of an earlier cluster in $MCPL_STATE"
  stop_components
  remove_state
fi
mkdir -p "$MCPL_STATE"/{pki,logs,pids,etcd,certs}
chmod 700 "$MCPL_STATE/etcd" "$MCPL_STATE/pki"
touch "$MCPL_STATE/$MCPL_MARKER"

# --- ports ----------------------------------------------------------------------------------
used_ports=" "
for f in /proc/net/tcp /proc/net/tcp6; do
  [ -r "$f" ] || continue
  while read -r _ local_addr _; do
    hex=${local_addr##*:}
    [[ $hex =~ ^[0-9A-Fa-f]{4}$ ]] && used_ports+="$((16#$hex)) "
  done <"$f"
done

# pick_port VAR: honours an explicit MCPL_<VAR> setting, else a free port in 20000-29999.
pick_port() {
  local var=$1 override_var="MCPL_$1" port tries=0
  port=${!override_var:-}
  if [ -n "$port" ]; then
    [[ $port =~ ^[0-9]+$ ]] || die "$override_var='$port' is not a port number"
    [[ $used_ports == *" $port "* ]] && die "$override_var=$port is already in use"
  else
    while :; do
      port=$((20000 + RANDOM % 10000))
      [[ $used_ports == *" $port "* ]] || break
      tries=$((tries + 1))
      [ $tries -lt 1000 ] || die "no free loopback port found"
    done
  fi
  used_ports+="$port "
  printf -v "$var" '%s' "$port"
}
pick_port ETCD_PORT
pick_port ETCD_PEER_PORT
pick_port APISERVER_PORT
pick_port CONTROLLER_MANAGER_PORT
pick_port SCHEDULER_PORT

# --- certificates ---------------------------------------------------------------------------
log "generating CA, certificates and service-account key in $pki"
(
  cd "$pki"
  cat >openssl.cnf <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, IP:10.96.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
EOF
  ecparam=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
  openssl req -x509 -new -nodes "${ecparam[@]}" -keyout ca.key -out ca.crt -days 3650 -sha256 \
    -subj "/CN=mcp-lifecycle-local-ca" -config openssl.cnf -extensions ca 2>/dev/null
  # leaf NAME SUBJECT EXTENSIONS
  leaf() {
    openssl req -new -nodes "${ecparam[@]}" -keyout "$1.key" -out "$1.csr" -subj "$2" \
      -config openssl.cnf 2>/dev/null
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" \
      -days 3650 -sha256 -extfile openssl.cnf -extensions "$3" 2>/dev/null
    rm -f "$1.csr"
  }
  leaf apiserver "/CN=kube-apiserver" server
  leaf admin "/O=system:masters/CN=mcpl-admin" client
  leaf controller-manager "/O=system:masters/CN=system:kube-controller-manager" client
  leaf scheduler "/CN=system:kube-scheduler" client
  leaf kwok "/O=system:masters/CN=kwok" client
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  chmod 600 ./*.key
) || die "certificate generation with openssl failed"

# write_kubeconfig FILE CERT_NAME
write_kubeconfig() {
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: mcpl
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 <"$pki/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 <"$pki/$2.crt")
    client-key-data: $(base64 -w0 <"$pki/$2.key")
contexts:
- name: mcpl
  context:
    cluster: mcpl
    user: $2
    namespace: default
current-context: mcpl
EOF
  chmod 600 "$1"
}
write_kubeconfig "$MCPL_STATE/controller-manager.kubeconfig" controller-manager
write_kubeconfig "$MCPL_STATE/scheduler.kubeconfig" scheduler
write_kubeconfig "$MCPL_STATE/kwok.kubeconfig" kwok

cat >"$MCPL_STATE/audit-policy.yaml" <<'EOF'
# One JSON line per API request (stage ResponseComplete only), with user, userAgent, verb, URI.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived", "ResponseStarted"]
rules:
- level: Metadata
EOF

cat >"$cluster_env" <<EOF
ETCD_PORT=$ETCD_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
APISERVER_PORT=$APISERVER_PORT
CONTROLLER_MANAGER_PORT=$CONTROLLER_MANAGER_PORT
SCHEDULER_PORT=$SCHEDULER_PORT
RUNNING_BINS='$BIN_ETCD:$BIN_APISERVER:$BIN_KCM:$BIN_SCHEDULER:$BIN_KWOK'
EOF

log "starting etcd on 127.0.0.1:$ETCD_PORT"
start etcd "$BIN_ETCD" \
  --name mcpl \
  --data-dir "$MCPL_STATE/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "mcpl=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync \
  --quota-backend-bytes 8589934592 \
  --log-level warn
wait_until etcd "etcd /health" \
  curl -sf --noproxy '*' --max-time 2 "http://127.0.0.1:$ETCD_PORT/health"

log "starting kube-apiserver on https://127.0.0.1:$APISERVER_PORT"
start kube-apiserver "$BIN_APISERVER" \
  --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --bind-address 127.0.0.1 \
  --advertise-address 127.0.0.1 \
  --secure-port "$APISERVER_PORT" \
  --cert-dir "$MCPL_STATE/certs/kube-apiserver" \
  --tls-cert-file "$pki/apiserver.crt" \
  --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" \
  --service-account-signing-key-file "$pki/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 \
  --authorization-mode RBAC \
  --allow-privileged=true \
  --endpoint-reconciler-type none \
  --audit-policy-file "$MCPL_STATE/audit-policy.yaml" \
  --audit-log-path "$MCPL_STATE/audit.log" \
  --audit-log-format json \
  --audit-log-maxsize "${MCPL_AUDIT_MAXSIZE:-512}" \
  --audit-log-maxbackup 1 \
  --audit-log-maxage 1
# shellcheck disable=SC2016 # expanded by the inner bash
wait_until kube-apiserver "/readyz" bash -c '[ "$("$@")" = ok ]' _ \
  curl -s --noproxy '*' --max-time 2 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" \
  --key "$pki/admin.key" "https://127.0.0.1:$APISERVER_PORT/readyz"
log "kube-apiserver ready ($(elapsed))"

log "starting kube-controller-manager, kube-scheduler and kwok"
start_control_loop kube-controller-manager "$BIN_KCM" "$CONTROLLER_MANAGER_PORT" \
  "$MCPL_STATE/controller-manager.kubeconfig" \
  --service-account-private-key-file "$pki/sa.key" \
  --root-ca-file "$pki/ca.crt" \
  --cluster-signing-cert-file "$pki/ca.crt" \
  --cluster-signing-key-file "$pki/ca.key" \
  --service-cluster-ip-range 10.96.0.0/16 \
  --concurrent-deployment-syncs 20 \
  --concurrent-replicaset-syncs 20
start_control_loop kube-scheduler "$BIN_SCHEDULER" "$SCHEDULER_PORT" \
  "$MCPL_STATE/scheduler.kubeconfig"
write_ip_noted_stage
start kwok "$BIN_KWOK" "${kwok_args[@]}"

wait_until kube-controller-manager "its /healthz" \
  curl -skf --noproxy '*' --max-time 2 "https://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz"
wait_until kube-scheduler "its /healthz" \
  curl -skf --noproxy '*' --max-time 2 "https://127.0.0.1:$SCHEDULER_PORT/healthz"

# --- fake nodes -----------------------------------------------------------------------------
log "creating $nodes kwok nodes"
for i in $(seq 0 $((nodes - 1))); do
  n="kwok-node-$i"
  res="{\"cpu\":\"${MCPL_NODE_CPU:-64}\",\"memory\":\"${MCPL_NODE_MEMORY:-512Gi}\",\"pods\":\"${MCPL_NODE_PODS:-2000}\"}"
  body=$(cat <<EOF
{"apiVersion":"v1","kind":"Node",
 "metadata":{"name":"$n",
   "annotations":{"kwok.x-k8s.io/node":"fake","node.alpha.kubernetes.io/ttl":"0"},
   "labels":{"type":"kwok","kubernetes.io/hostname":"$n","kubernetes.io/os":"linux",
     "kubernetes.io/arch":"amd64","kubernetes.io/role":"agent","node-role.kubernetes.io/agent":""}},
 "spec":{"taints":[{"key":"kwok.x-k8s.io/node","value":"fake","effect":"NoSchedule"}]},
 "status":{"allocatable":$res,"capacity":$res}}
EOF
)
  code=$(api /api/v1/nodes -o /dev/null -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' --data-binary "$body") || code=000
  case "$code" in
    201|409) ;;
    *) fail kube-apiserver "creating node $n answered HTTP $code" ;;
  esac
done

wait_until kwok "$nodes Ready nodes" nodes_ready
default_sa() {
  [ "$(api /api/v1/namespaces/default/serviceaccounts/default -o /dev/null -w '%{http_code}')" = 200 ]
}
wait_until kube-controller-manager "the default ServiceAccount" default_sa

write_kubeconfig "$kubeconfig" admin
log "cluster up in $(elapsed): apiserver https://127.0.0.1:$APISERVER_PORT, audit log $MCPL_STATE/audit.log"
emit
