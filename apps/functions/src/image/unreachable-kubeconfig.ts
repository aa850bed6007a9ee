import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Writes, in `dir`, a kubeconfig whose cluster never answers (port 1, which fetch refuses at
 * once): a bundle's start-up must not need one. Returns its path.
 */
export function writeUnreachableKubeconfig(dir: string): string {
  const file = join(dir, 'kubeconfig')
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}}]",
      'users: [{name: u, user: {token: not-a-token}}]',
      'contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]',
      'current-context: c',
    ].join('\n')
  )
  return file
}
