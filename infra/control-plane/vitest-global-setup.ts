import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string
  }
}

/**
 * Brings the local control plane up once for the cluster tier (up.sh is idempotent, so an
 * already running one is reused) and hands its kubeconfig to the tests.
 */
export default function setup(project: TestProject): void {
  const up = fileURLToPath(new URL('./up.sh', import.meta.url))
  const output = execFileSync('bash', [up], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const match = /export KUBECONFIG=(\S+)/.exec(output)
  if (!match?.[1]) throw new Error(`up.sh printed no KUBECONFIG line:\n${output}`)
  project.provide('kubeconfig', match[1])
}
