import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'

// The manifests we ship are checked by the API server itself (schema, defaulting,
// validation), through server-side dry run: nothing is created.
const infra = (path: string) => fileURLToPath(new URL(`../../../infra/${path}`, import.meta.url))

let access: ClusterAccess
beforeAll(async () => {
  access = await createTestNamespace('infra')
})

function dryRunApply(...files: string[]): string {
  const args = ['--kubeconfig', inject('kubeconfig'), '-n', access.namespace, 'apply', '--dry-run=server']
  for (const file of files) args.push('-f', file)
  return execFileSync('kubectl', args, { encoding: 'utf8', stdio: 'pipe' })
}

describe('infra manifests', () => {
  it('pass server-side dry run: RBAC and the example MCP servers', () => {
    const output = dryRunApply(infra('k8s/rbac.yaml'), infra('examples/mcp-servers.yaml'))
    expect(output).toContain('role.rbac.authorization.k8s.io/mcp-lifecycle created (server dry run)')
    expect(output).toContain('deployment.apps/mcp-weather created (server dry run)')
  })

  it('are really checked: a broken manifest is refused', () => {
    const broken = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken}\nspec: {replicas: "two"}\n`
    const args = ['--kubeconfig', inject('kubeconfig'), '-n', access.namespace, 'apply', '--dry-run=server', '-f', '-']
    expect(() => execFileSync('kubectl', args, { input: broken, stdio: 'pipe' })).toThrow()
  })
})
