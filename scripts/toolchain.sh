# Sourced by the project's scripts: puts a Node.js new enough for our dependencies and the
# pinned pnpm on PATH, installing both from the npm registry into the cache when missing.
# vitest 5 and msw 3 need Node >= 22.12, and running our TypeScript as it is (type stripping
# on by default) >= 22.18; machines may ship Node 20. The bins (scripts/launch-typescript.mjs)
# look for the Node installed here: keep its path in step.
MCPL_CACHE="${MCPL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-lifecycle}"
MCPL_NODE_MAJOR=24
MCPL_PNPM_VERSION=12.4.2

mcpl_node_is_recent() {
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=18)?0:1)' 2>/dev/null
}

if ! mcpl_node_is_recent; then
  node_dir="$MCPL_CACHE/node-$MCPL_NODE_MAJOR"
  if [ ! -x "$node_dir/node_modules/node/bin/node" ]; then
    echo "[toolchain] installing node@$MCPL_NODE_MAJOR from the npm registry into $node_dir" >&2
    npm install --silent --no-audit --no-fund --prefix "$node_dir" "node@$MCPL_NODE_MAJOR" >&2
  fi
  export PATH="$node_dir/node_modules/node/bin:$PATH"
fi

pnpm_dir="$MCPL_CACHE/pnpm-$MCPL_PNPM_VERSION"
if [ ! -x "$pnpm_dir/node_modules/.bin/pnpm" ]; then
  echo "[toolchain] installing pnpm@$MCPL_PNPM_VERSION from the npm registry into $pnpm_dir" >&2
  npm install --silent --no-audit --no-fund --prefix "$pnpm_dir" "pnpm@$MCPL_PNPM_VERSION" >&2
fi
export PATH="$pnpm_dir/node_modules/.bin:$PATH"
