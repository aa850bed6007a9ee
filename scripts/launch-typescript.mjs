// Starts a TypeScript entry point of this repository (the bins mcpl and mcp-lifecycle-mcp),
// whatever `node` runs this file: npx, a desktop MCP client or a shell may start Node 20. On a
// Node that strips types (>= 22.18) the entry runs in this process; on an older one, in a child
// process of the Node 24 that scripts/toolchain.sh installs. Plain JavaScript, for any Node.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { constants, homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { isatty } from 'node:tty'
import { fileURLToPath } from 'node:url'

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)))

/**
 * Runs `entry` (the file: URL of a .ts file) with this process's arguments, environment and
 * stdio; ends with its exit code or signal. `name` starts the line printed when no Node can.
 */
export async function launchTypeScript(entry, name) {
  // 'strip' (or 'transform') when this Node runs .ts files itself: 22.18+, 23.6+.
  if (process.features.typescript) return import(entry.href)
  const node = installedNode(process.env)
  if (!existsSync(node)) {
    process.stderr.write(
      `${name}: Node ${process.version} cannot run TypeScript, and ${node} does not exist: ` +
        `run \`npm test\` or \`npm run dev\` once in ${ROOT} (they install Node 24 there), ` +
        'or use Node.js >= 22.18.\n'
    )
    process.exitCode = 1
    return
  }
  relay(spawn(node, [fileURLToPath(entry), ...process.argv.slice(2)], { stdio: 'inherit' }))
}

/** Where scripts/toolchain.sh installs Node (MCPL_CACHE, node-$MCPL_NODE_MAJOR): keep in step. */
function installedNode(env) {
  const cache =
    env.MCPL_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mcp-lifecycle')
  return join(cache, 'node-24', 'node_modules', 'node', 'bin', 'node')
}

/** This process stands for `child`: signals go to it, and its end is this process's end. */
function relay(child) {
  // A terminal sends Ctrl-C to its whole foreground process group, the child included: passing
  // it on as well would make it a second Ctrl-C, which kills mcpl in the middle of its cleanup.
  // The price: while a terminal is attached, a SIGINT sent to this process alone is not relayed.
  const terminal = isatty(0) || isatty(1) || isatty(2)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (!(signal === 'SIGINT' && terminal)) child.kill(signal)
    })
  }
  child.on('error', (error) => {
    process.stderr.write(`cannot start ${child.spawnfile}: ${error.message}\n`)
    process.exitCode = 1
  })
  child.on('exit', (code, signal) => {
    if (code !== null) return process.exit(code)
    // Die of the same signal; a signal Node ignores (SIGPIPE) ends the process as a shell would.
    process.removeAllListeners(signal)
    process.exitCode = 128 + constants.signals[signal]
    process.kill(process.pid, signal)
  })
}
