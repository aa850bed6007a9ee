import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createDeployment, createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'
import { createK8sAdapter, type K8sAdapter } from './create-k8s-backend.ts'
import { everyCall, serviceAccountKubeConfig } from './manager-calls-fixture.ts'

// MCPL_NAMESPACES on RBAC: the manager's ServiceAccount (infra/base in its namespace) acts in a
// namespace given infra/managed-namespace exactly as in its own, and in no other.
const infra = fileURLToPath(new URL('../../../infra/', import.meta.url))
let home: ClusterAccess
let managed: ClusterAccess
let unmanaged: ClusterAccess
let manager: K8sAdapter

const kubectl = (...args: string[]) =>
  execFileSync('kubectl', ['--kubeconfig', inject('kubeconfig'), ...args], { stdio: 'pipe' })

beforeAll(async () => {
  ;[home, managed, unmanaged] = await Promise.all([
    createTestNamespace('rbac-home'),
    createTestNamespace('rbac-managed'),
    createTestNamespace('rbac-unmanaged'),
  ])
  kubectl('apply', '-k', join(infra, 'base'), '-n', home.namespace)
  // The shipped directory, with the manager's namespace patched in as an operator would.
  const overlay = mkdtempSync(join(tmpdir(), 'mcpl-managed-'))
  writeFileSync(
    join(overlay, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      // Kustomize takes a base by a relative path only.
      `resources: ['${relative(overlay, join(infra, 'managed-namespace'))}']`,
      'patches:',
      '  - target: { kind: RoleBinding, name: mcp-lifecycle }',
      `    patch: '[{"op": "replace", "path": "/subjects/0/namespace", "value": "${home.namespace}"}]'`,
    ].join('\n')
  )
  kubectl('apply', '-k', overlay, '-n', managed.namespace)
  const restricted = await serviceAccountKubeConfig(home)
  manager = createK8sAdapter({ kubeConfig: restricted, namespace: home.namespace })
  await Promise.all(
    [home, managed, unmanaged].map((access) =>
      createDeployment(access, { name: 'srv', replicas: 0 })
    )
  )
}, 60_000)

describe('RBAC of the managed namespaces', () => {
  it.each([
    ['its own namespace', () => manager],
    ['a namespace given infra/managed-namespace', () => manager.inNamespace(managed.namespace)],
  ])('lets the manager make every call it needs in %s', async (_where, adapter) => {
    await expect(everyCall(adapter())).resolves.toEqual({
      listed: ['srv'],
      claimed: true,
      leased: true,
    })
  })

  it('refuses the manager every call in a namespace not given to it, changing nothing', async () => {
    const other = manager.inNamespace(unmanaged.namespace)
    const forbidden = expect.objectContaining({ kind: 'forbidden' })
    await expect(other.backend.listServers()).rejects.toEqual(forbidden)
    await expect(other.backend.scale('srv', 1)).rejects.toEqual(forbidden)
    await expect(other.deliveries.claim('rbac')).rejects.toEqual(forbidden)
    const deployment = await unmanaged.apps.readNamespacedDeployment({
      name: 'srv',
      namespace: unmanaged.namespace,
    })
    expect(deployment.spec?.replicas).toBe(0)
  })
})
