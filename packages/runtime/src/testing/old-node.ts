// For the tests of the bins (mcpl, mcp-lifecycle-mcp): a first `node` on PATH too old to run
// TypeScript, the case the bins must handle by finding Node 24.
import { execFileSync } from 'node:child_process'

/** The machine's Node when it cannot run TypeScript itself; undefined when it can (or is absent). */
export function findOldNode(): string | undefined {
  return ['/usr/bin/node', '/usr/local/bin/node'].find((node) => {
    try {
      const strips = execFileSync(node, ['-p', 'Boolean(process.features.typescript)'])
      return String(strips).trim() === 'false'
    } catch {
      return false
    }
  })
}
