# Sourced: the toolchain on PATH, and the workspace's dependencies installed from the lockfile.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/toolchain.sh"
(cd "$here/.." && pnpm install --frozen-lockfile --reporter=silent >&2)
