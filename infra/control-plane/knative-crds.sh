#!/usr/bin/env bash
# Prints the paths of the Knative CRD files that our manifests use, taken from the published
# Go modules of knative.dev/serving and knative.dev/eventing (fetched once into the Go module
# cache). Used to install the CRDs on the local control plane for server-side dry runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/versions.sh"
export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=mod

module_dir() {
  go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p'
}

serving=$(module_dir "knative.dev/serving@$KNATIVE_SERVING_VERSION")
eventing=$(module_dir "knative.dev/eventing@$KNATIVE_EVENTING_VERSION")
echo "$serving/config/core/300-resources/service.yaml"
echo "$eventing/config/core/resources/broker.yaml"
echo "$eventing/config/core/resources/trigger.yaml"
echo "$eventing/config/core/resources/pingsource.yaml"
echo "$eventing/config/core/resources/eventtransform.yaml"
