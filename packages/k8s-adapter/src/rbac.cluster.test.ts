import { fileURLToPath } from 'node:url'
import { AppsV1Api, CoordinationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import { listServers, scaleServer, startServer, stopServer } from '@mcp-lifecycle/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDeployment, createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'
import { createK8sAdapter, createK8sBackend } from './create-k8s-backend.ts'
import { createK8sServerFeed } from './create-k8s-server-feed.ts'
import { createK8sLeaderLease } from './leader-lease.ts'
import { createK8sActivityRecorder } from './record-activity.ts'
import { kubectl, serviceAccountKubeConfig } from './manager-calls-fixture.ts'

// The Role in infra/base/rbac.yaml is sufficient (every operation works with a token of the
// ServiceAccount bound to it) and minimal (calls outside it are refused).
const rbacYaml = fileURLToPath(new URL('../../../infra/base/rbac.yaml', import.meta.url))

let access: ClusterAccess
let restricted: KubeConfig

beforeAll(async () => {
  access = await createTestNamespace('rbac')
  kubectl('-n', access.namespace, 'apply', '-f', rbacYaml)
  restricted = await serviceAccountKubeConfig(access)
  await createDeployment(access, { name: 'rbac-a', replicas: 0 })
  await createDeployment(access, { name: 'rbac-b', replicas: 1 })
})

describe('the least-privilege Role', () => {
  it('is sufficient: every operation succeeds with the ServiceAccount token', async () => {
    const ctx = {
      backend: createK8sBackend({ kubeConfig: restricted, namespace: access.namespace }),
    }
    const { servers } = await listServers(ctx)
    expect(servers.map((s) => s.name).sort()).toEqual(['rbac-a', 'rbac-b'])
    await expect(
      startServer(ctx, 'rbac-a', { wait_ready: true, timeout: 60 })
    ).resolves.toMatchObject({ status: 'running' })
    await expect(
      scaleServer(ctx, 'rbac-a', { replicas: 2, wait_ready: true, timeout: 60 })
    ).resolves.toMatchObject({ ready_replicas: 2 })
    const dryRun = { ...ctx, dryRun: true }
    await expect(
      scaleServer(dryRun, 'rbac-a', { replicas: 1, wait_ready: false, timeout: 60 })
    ).resolves.toMatchObject({ replicas: 1 })
    await expect(stopServer(ctx, 'rbac-b', { force: true })).resolves.toMatchObject({ replicas: 0 })
  })

  it("is sufficient for the manager's watches: the cache's Deployments and Services, a server's pods", async () => {
    const options = { kubeConfig: restricted, namespace: access.namespace }
    const feed = createK8sServerFeed(options)
    const pods = createK8sAdapter(options).pods
    // Each watch is followed until it reports being connected (or a failure, which fails).
    const connected = async (events: AsyncIterable<{ type: string; error?: unknown }>) => {
      for await (const event of events) {
        if (event.type === 'failed') throw event.error
        if (event.type === 'connected') return true
      }
      return false
    }
    const signal = AbortSignal.timeout(30_000)
    const stop = new AbortController()
    const both = AbortSignal.any([signal, stop.signal])
    try {
      await expect(connected(feed.deployments(both))).resolves.toBe(true)
      await expect(connected(feed.services(both))).resolves.toBe(true)
      for await (const seen of pods.watchPods('rbac-a', both)) {
        expect(Array.isArray(seen)).toBe(true)
        break
      }
    } finally {
      stop.abort()
    }
  })

  it('is sufficient for stop when idle: the last-activity annotation and the reaper Lease', async () => {
    const options = { kubeConfig: restricted, namespace: access.namespace }
    await createK8sActivityRecorder(options).recordActivity('rbac-a', new Date())
    const lease = createK8sLeaderLease({
      ...options,
      name: 'mcp-lifecycle-reaper',
      identity: 'rbac',
      durationSeconds: 15,
    })
    await expect(lease.acquireOrRenew()).resolves.toBe(true) // create
    await expect(lease.acquireOrRenew()).resolves.toBe(true) // get + update
    const annotations = (
      await access.apps.readNamespacedDeployment({ name: 'rbac-a', namespace: access.namespace })
    ).metadata?.annotations
    expect(annotations?.['mcp-lifecycle/last-activity']).toBeDefined()
  })

  it("is sufficient for discovery while asleep: the server's own discovery ConfigMap", async () => {
    const store = createK8sAdapter({
      kubeConfig: restricted,
      namespace: access.namespace,
    }).discovery
    const answer = {
      revision: '2026-07-28',
      method: 'tools/list' as const,
      cursor: '',
      result: { tools: [] },
      takenAt: 1,
    }
    await expect(store.keep('rbac-a', 't', answer)).resolves.toBe(true) // create
    await expect(store.keep('rbac-a', 't', { ...answer, takenAt: 2 })).resolves.toBe(true) // update
    await expect(store.read('rbac-a')).resolves.toMatchObject({ answers: [{ takenAt: 2 }] })
  })

  it('is minimal: deleting or replacing a Deployment, other Leases, reading Secrets or another namespace is refused', async () => {
    const apps = restricted.makeApiClient(AppsV1Api)
    const core = restricted.makeApiClient(CoreV1Api)
    const coordination = restricted.makeApiClient(CoordinationV1Api)
    const refused = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: 403 })
    await refused(apps.deleteNamespacedDeployment({ name: 'rbac-b', namespace: access.namespace }))
    const deployment = await apps.readNamespacedDeployment({
      name: 'rbac-b',
      namespace: access.namespace,
    })
    await refused(
      apps.replaceNamespacedDeployment({
        name: 'rbac-b',
        namespace: access.namespace,
        body: deployment,
      })
    )
    await refused(coordination.readNamespacedLease({ name: 'other', namespace: access.namespace }))
    await refused(coordination.listNamespacedLease({ namespace: access.namespace }))
    await refused(
      coordination.deleteNamespacedLease({
        name: 'mcp-lifecycle-reaper',
        namespace: access.namespace,
      })
    )
    await refused(core.listNamespacedSecret({ namespace: access.namespace }))
    await refused(apps.listNamespacedDeployment({ namespace: 'kube-system' }))
    await refused(
      core.createNamespacedPod({
        namespace: access.namespace,
        body: { metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'x' }] } },
      })
    )
  })
})
