# Pinned versions of the local control plane; the cache is keyed by them.
KUBE_VERSION=v1.34.4
KWOK_VERSION=v0.7.0
ETCD_VERSION=v3.6.16
KNATIVE_SERVING_VERSION=v0.51.0
KNATIVE_EVENTING_VERSION=v0.47.0

# Everything built or started lives outside the repository.
MCPL_CACHE="${MCPL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-lifecycle}"
MCPL_STATE="${MCPL_STATE:-$MCPL_CACHE/cluster}"
