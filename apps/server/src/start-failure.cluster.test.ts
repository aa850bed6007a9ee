import { createK8sAdapter } from '@mcp-lifecycle/k8s-adapter'
import { createDeployment, createTestNamespace } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { beforeAll, describe, expect, it } from 'vitest'
import { jsonPost } from '@mcp-lifecycle/core/testing'
import { createServerApp } from './create-server-app.ts'

// A server whose pods cannot start says why: in its status, and by ending a wait at once
// instead of at the deadline (kwok fakes the kubelet's reasons, infra/control-plane/kwok-stages).
let access: ClusterAccess
let app: ReturnType<typeof createServerApp>

beforeAll(async () => {
  access = await createTestNamespace('startfail')
  const adapter = createK8sAdapter({ kubeConfig: access.kubeConfig, namespace: access.namespace })
  app = createServerApp({
    backend: adapter.backend,
    pods: adapter.pods,
    limits: { maxReplicas: 5, maxTimeoutSeconds: 120 },
  })
  await Promise.all([
    createDeployment(access, { name: 'bad-image', replicas: 0, stage: 'image-pull-error' }),
    createDeployment(access, { name: 'crashing', replicas: 1, stage: 'crash-loop' }),
  ])
})

const post = (body: unknown) => jsonPost(body)

describe('a server that cannot start', () => {
  it('ends a start that waits with 503 and the reason, long before its timeout', async () => {
    const started = Date.now()
    const res = await app.request(
      '/servers/bad-image/start',
      post({ wait_ready: true, timeout: 60 })
    )
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      title: 'MCP server cannot start',
      reason: 'ImagePullBackOff',
    })
    // A bound, not a benchmark: the wait did not run to its 60 s deadline.
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it('says why in its status', async () => {
    await expect
      .poll(
        async () =>
          ((await (await app.request('/servers/crashing')).json()) as { reason?: string }).reason,
        { timeout: 20_000, interval: 250 }
      )
      .toBe('CrashLoopBackOff')
  })
})
