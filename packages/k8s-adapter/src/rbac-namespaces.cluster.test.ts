import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createDeployment,
  createTestNamespace,
  replicasOf,
  type ClusterAccess,
} from './cluster-fixtures.ts'
import { createK8sAdapter, type K8sAdapter } from './create-k8s-backend.ts'
import {
  applyRbacOverlay,
  itMakesEveryCall,
  kubectl,
  serviceAccountKubeConfig,
} from './manager-calls-fixture.ts'

// MCPL_NAMESPACES on RBAC: the manager's ServiceAccount (infra/base in its namespace) acts in a
// namespace given infra/managed-namespace exactly as in its own, and in no other.
const infra = fileURLToPath(new URL('../../../infra/', import.meta.url))
let home: ClusterAccess
let managed: ClusterAccess
let unmanaged: ClusterAccess
let manager: K8sAdapter

beforeAll(async () => {
  ;[home, managed, unmanaged] = await Promise.all([
    createTestNamespace('rbac-home'),
    createTestNamespace('rbac-managed'),
    createTestNamespace('rbac-unmanaged'),
  ])
  kubectl('apply', '-k', join(infra, 'base'), '-n', home.namespace)
  const binding = { kind: 'RoleBinding', name: 'mcp-lifecycle' }
  applyRbacOverlay('managed-namespace', binding, home, managed.namespace)
  const restricted = await serviceAccountKubeConfig(home)
  manager = createK8sAdapter({ kubeConfig: restricted, namespace: home.namespace })
  await Promise.all(
    [home, managed, unmanaged].map((access) =>
      createDeployment(access, { name: 'srv', replicas: 0 })
    )
  )
}, 60_000)

describe('RBAC of the managed namespaces', () => {
  itMakesEveryCall([
    ['its own namespace', () => manager],
    ['a namespace given infra/managed-namespace', () => manager.inNamespace(managed.namespace)],
  ])

  it('refuses the manager every call in a namespace not given to it, changing nothing', async () => {
    const other = manager.inNamespace(unmanaged.namespace)
    const forbidden = expect.objectContaining({ kind: 'forbidden' })
    await expect(other.backend.listServers()).rejects.toEqual(forbidden)
    await expect(other.backend.scale('srv', 1)).rejects.toEqual(forbidden)
    await expect(other.deliveries.claim('rbac')).rejects.toEqual(forbidden)
    expect(await replicasOf(unmanaged, 'srv')).toBe(0)
  })
})
