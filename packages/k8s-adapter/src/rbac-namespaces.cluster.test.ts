import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KubeConfig } from '@kubernetes/client-node'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createDeployment, createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'
import { createK8sAdapter, type K8sAdapter } from './create-k8s-backend.ts'

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
  const token = await home.core.createNamespacedServiceAccountToken({
    name: 'mcp-lifecycle',
    namespace: home.namespace,
    body: { spec: { expirationSeconds: 3600 } },
  })
  const cluster = home.kubeConfig.getCurrentCluster()!
  const restricted = new KubeConfig()
  restricted.loadFromOptions({
    clusters: [
      { name: 'local', server: cluster.server, caData: cluster.caData, caFile: cluster.caFile },
    ],
    users: [{ name: 'sa', token: token.status?.token }],
    contexts: [{ name: 'sa', cluster: 'local', user: 'sa', namespace: home.namespace }],
    currentContext: 'sa',
  })
  manager = createK8sAdapter({ kubeConfig: restricted, namespace: home.namespace })
  await Promise.all(
    [home, managed, unmanaged].map((access) =>
      createDeployment(access, { name: 'srv', replicas: 0 })
    )
  )
}, 60_000)

/** Every call the manager makes in a namespace: reads, a scale, watches, records, a Lease. */
async function everyCall(adapter: K8sAdapter) {
  const signal = AbortSignal.timeout(20_000)
  const connected = async (events: AsyncIterable<{ type: string; error?: unknown }>) => {
    for await (const event of events) {
      if (event.type === 'failed') throw event.error
      if (event.type === 'connected') return
    }
  }
  const listed = (await adapter.backend.listServers()).map((s) => s.deployment.name)
  await adapter.backend.scale('srv', 1)
  await adapter.backend.deletePods('srv')
  const stop = new AbortController()
  const both = AbortSignal.any([signal, stop.signal])
  try {
    await connected(adapter.feed.deployments(both))
    await connected(adapter.feed.services(both))
    for await (const pods of adapter.pods.watchPods('srv', both)) {
      expect(Array.isArray(pods)).toBe(true)
      break
    }
  } finally {
    stop.abort()
  }
  await adapter.activity.recordActivity('srv', new Date())
  const claimed = await adapter.deliveries.claim(`rbac-${Date.now()}`)
  const lease = adapter.lease({
    name: 'mcp-lifecycle-reaper',
    identity: 'rbac',
    durationSeconds: 15,
  })
  const leased = await lease.acquireOrRenew()
  return { listed, claimed, leased }
}

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
