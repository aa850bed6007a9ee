import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Writes a kubeconfig with a token user into a new temporary directory named after `prefix`;
 * its cluster defaults to one that refuses connections at once (port 1). Returns its path.
 */
export function writeTestKubeconfig(
  prefix: string,
  cluster: Record<string, unknown> = { server: 'https://127.0.0.1:1' }
): string {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), prefix)), 'kubeconfig')
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'x', cluster }],
      users: [{ name: 'x', user: { token: 'abc' } }],
      contexts: [{ name: 'x', context: { cluster: 'x', user: 'x' } }],
      'current-context': 'x',
    })
  )
  return kubeconfig
}
