import { setTimeout as sleep } from 'node:timers/promises'
import { KubeConfig } from '@kubernetes/client-node'
import { waitForReplicas } from '@mcp-lifecycle/core'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createDeployment, createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'
import { createK8sBackend } from './create-k8s-backend.ts'
import { startFaultProxy, type FaultProxy } from './testing/fault-proxy.ts'

// The adapter against the real control plane, through a proxy that fails like an outage of
// the API server: one that hangs (stopped), one that refuses connections (restarting). The
// real API server is never touched, so the other test files run on undisturbed.
let access: ClusterAccess
let proxy: FaultProxy

beforeAll(async () => {
  access = await createTestNamespace('faults')
  proxy = await startFaultProxy(new URL(access.kubeConfig.getCurrentCluster()!.server))
})

afterEach(() => proxy.setMode('pass'))

afterAll(async () => {
  await proxy?.close()
  await access?.core.deleteNamespace({ name: access.namespace })
})

/** The test cluster's kubeconfig, with the proxy in place of the API server. */
function kubeConfigThroughProxy(): KubeConfig {
  const { kubeConfig } = access
  const through = new KubeConfig()
  through.loadFromOptions({
    clusters: kubeConfig.clusters.map((cluster) => ({ ...cluster, server: proxy.server })),
    users: kubeConfig.users,
    contexts: kubeConfig.contexts,
    currentContext: kubeConfig.currentContext,
  })
  return through
}

function backendThroughProxy(callTimeoutMs?: number) {
  return createK8sBackend({
    kubeConfig: kubeConfigThroughProxy(),
    namespace: access.namespace,
    ...(callTimeoutMs && { callTimeoutMs }),
  })
}

/** A Deployment of this file only, removed after the test. */
async function withDeployment(name: string, replicas: number, test: () => Promise<void>) {
  await createDeployment(access, { name, replicas })
  try {
    await test()
  } finally {
    await access.apps.deleteNamespacedDeployment({ name, namespace: access.namespace })
  }
}

describe('the adapter during an outage of the API server', () => {
  // Reads hung for 39 s with the API server stopped; they must end within the call timeout.
  it('answers unavailable within about the call timeout while the API server hangs', async () => {
    const callTimeoutMs = 1500
    const backend = backendThroughProxy(callTimeoutMs)
    proxy.setMode('hang')
    for (const call of [() => backend.listServers(), () => backend.getServer('faults-none')]) {
      const started = performance.now()
      await expect(call()).rejects.toMatchObject({ kind: 'unavailable', fromKubernetes: true })
      // A bound, not a benchmark: well under the 39 s it took without a timeout.
      expect(performance.now() - started).toBeLessThan(callTimeoutMs + 3000)
    }
  })

  // A wait gave up after ~6 s of outage (5 reconnects); only its own deadline may end it.
  it('lets a start-like wait outlast 8 s of refused connections, then succeed', async () => {
    await withDeployment('faults-wait', 0, async () => {
      const backend = backendThroughProxy()
      await backend.scale('faults-wait', 1)
      proxy.setMode('refuse')
      const waiting = waitForReplicas(backend, 'faults-wait', 1, { timeoutSeconds: 40 })
      waiting.catch(() => {}) // A failure is asserted below, not reported as unhandled.
      await sleep(8000)
      proxy.setMode('pass')
      await expect(waiting).resolves.toMatchObject({ readyReplicas: 1 })
    })
  })

  it('sends no write when the caller goes away while the label check hangs', async () => {
    await withDeployment('faults-abort', 0, async () => {
      const backend = backendThroughProxy()
      proxy.setMode('hang')
      const caller = new AbortController()
      const accepted = proxy.accepted
      const scaling = backend.scale('faults-abort', 1, { signal: caller.signal })
      await vi.waitUntil(() => proxy.accepted > accepted)
      caller.abort()
      // Whatever the proxy held now reaches the API server: a label check still alive would
      // answer, and a scale that ignored the abort would send its write.
      proxy.setMode('pass')
      await expect(scaling).rejects.toBeDefined()
      const deployment = await access.apps.readNamespacedDeployment({
        name: 'faults-abort',
        namespace: access.namespace,
      })
      expect(deployment.spec?.replicas).toBe(0)
    })
  })
})
