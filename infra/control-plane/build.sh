#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok from their
# published Go modules, once, into a cache keyed by version. Binaries already present in
# KUBEBUILDER_ASSETS or on PATH (at any version) are used instead and nothing is built.
# Prints the directory of each binary as NAME=PATH lines on stdout; progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/versions.sh"

export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0
log() { echo "[build] $*" >&2; }

# find_existing NAME: prints the path of a usable binary we did not build, if any.
find_existing() {
  local name=$1
  if [ -n "${KUBEBUILDER_ASSETS:-}" ] && [ -x "$KUBEBUILDER_ASSETS/$name" ]; then
    echo "$KUBEBUILDER_ASSETS/$name"; return
  fi
  command -v "$name" 2>/dev/null || true
}

build_kube() {
  local out="$MCPL_CACHE/bin/kube-$KUBE_VERSION"
  [ -x "$out/kube-scheduler" ] && [ -x "$out/kube-apiserver" ] && [ -x "$out/kube-controller-manager" ] && return
  local mod="$MCPL_CACHE/build/kube-$KUBE_VERSION" minor
  minor=$(echo "$KUBE_VERSION" | cut -d. -f2)
  mkdir -p "$mod" "$out"
  log "kube $KUBE_VERSION: resolving k8s.io/kubernetes (first build takes ~7 min on 2 cores)"
  local upstream
  upstream=$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  # k8s.io/kubernetes replaces its staging modules with ./staging paths; map each one to
  # its published v0.<minor>.<patch> instead, so the module builds outside its repository.
  local staging_version="v0.${KUBE_VERSION#v1.}"
  {
    echo "module mcpl/kube-build"
    echo
    grep -E '^go [0-9]' "$upstream" | head -1
    grep -E '^godebug ' "$upstream" || true
    echo
    echo "require k8s.io/kubernetes $KUBE_VERSION"
    echo
    grep -oE 'k8s.io/[a-z0-9-]+ => \./staging/src/k8s.io/[a-z0-9-]+' "$upstream" \
      | awk -v v="$staging_version" '{print "replace " $1 " => " $1 " " v}'
  } > "$mod/go.mod"
  cat > "$mod/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
GO
  (cd "$mod" && go mod tidy -e >&2 2>&1 | tail -5 >&2 || true)
  log "kube $KUBE_VERSION: compiling the three commands in one go build"
  local ld="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION"
  ld="$ld -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
  (cd "$mod" && go build -trimpath -o "$out/" -ldflags "$ld" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler >&2)
}

build_kwok() {
  local out="$MCPL_CACHE/bin/kwok-$KWOK_VERSION"
  [ -x "$out/kwok" ] && return
  log "kwok $KWOK_VERSION: go install (~2 min)"
  mkdir -p "$out"
  GOBIN="$out" go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" >&2
}

build_etcd() {
  local out="$MCPL_CACHE/bin/etcd-$ETCD_VERSION"
  [ -x "$out/etcd" ] && return
  local mod="$MCPL_CACHE/build/etcd-$ETCD_VERSION"
  log "etcd $ETCD_VERSION: building a main around etcdmain (~1 min)"
  mkdir -p "$mod" "$out"
  cat > "$mod/main.go" <<'GO'
// The same entry point as etcd's own server binary.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "$mod" && { [ -f go.mod ] || go mod init mcpl/etcd-build >&2 2>&1; } \
    && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2 2>&1 && go mod tidy >&2 2>&1 \
    && go build -trimpath -ldflags "-s -w" -o "$out/etcd" . >&2)
}

resolve() {
  local name=$1 builder=$2 dir=$3 found
  found=$(find_existing "$name")
  if [ -z "$found" ]; then
    "$builder"
    found="$dir/$name"
  fi
  echo "$name=$found"
}

resolve etcd build_etcd "$MCPL_CACHE/bin/etcd-$ETCD_VERSION"
resolve kwok build_kwok "$MCPL_CACHE/bin/kwok-$KWOK_VERSION"
for c in kube-apiserver kube-controller-manager kube-scheduler; do
  resolve "$c" build_kube "$MCPL_CACHE/bin/kube-$KUBE_VERSION"
done
