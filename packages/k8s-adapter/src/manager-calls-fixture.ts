// Shared by the RBAC cluster tests: the manager's ServiceAccount as a kubeconfig, and every
// call the manager makes in a namespace, made through the adapter under test.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KubeConfig } from '@kubernetes/client-node'
import { expect, inject, it } from 'vitest'
import type { ClusterAccess } from './cluster-fixtures.ts'
import type { K8sAdapter } from './create-k8s-backend.ts'

const infra = fileURLToPath(new URL('../../../infra/', import.meta.url))

/** kubectl against the local control plane. */
export const kubectl = (...args: string[]) =>
  execFileSync('kubectl', ['--kubeconfig', inject('kubeconfig'), ...args], { stdio: 'pipe' })

/**
 * Applies the shipped infra/<dir> in `namespace`, its `binding` patched to name the manager's
 * ServiceAccount of `home`, as an operator would.
 */
export function applyRbacOverlay(
  dir: string,
  binding: { kind: string; name: string },
  home: ClusterAccess,
  namespace: string
): void {
  const overlay = mkdtempSync(join(tmpdir(), `mcpl-${dir}-`))
  writeFileSync(
    join(overlay, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      // Kustomize takes a base by a relative path only.
      `resources: ['${relative(overlay, join(infra, dir))}']`,
      'patches:',
      `  - target: { kind: ${binding.kind}, name: ${binding.name} }`,
      `    patch: '[{"op": "replace", "path": "/subjects/0/namespace", "value": "${home.namespace}"}]'`,
    ].join('\n')
  )
  kubectl('apply', '-k', overlay, '-n', namespace)
}

/** A kubeconfig holding a token of the `mcp-lifecycle` ServiceAccount of `home` (an hour). */
export async function serviceAccountKubeConfig(home: ClusterAccess): Promise<KubeConfig> {
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
  return restricted
}

/** What everyCall answers when each call succeeded, for a namespace holding one server, `srv`. */
export const EVERY_CALL_MADE = { listed: ['srv'], claimed: true, leased: true }

/**
 * The test that the manager makes every call it needs in each place: a name for the test, and
 * the adapter acting there (a function: the adapter is made in beforeAll).
 */
export function itMakesEveryCall(places: [where: string, adapter: () => K8sAdapter][]) {
  it.each(places)('lets the manager make every call it needs in %s', async (_where, adapter) => {
    await expect(everyCall(adapter())).resolves.toEqual(EVERY_CALL_MADE)
  })
}

/** Every call the manager makes in a namespace: reads, a scale, watches, records, a Lease. */
export async function everyCall(adapter: K8sAdapter) {
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
