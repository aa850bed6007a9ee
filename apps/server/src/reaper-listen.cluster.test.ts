import { startReaper } from '@mcp-lifecycle/activator'
import { createK8sBackend } from '@mcp-lifecycle/k8s-adapter'
import { createDeployment, type ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { TestScene } from '@mcp-lifecycle/k8s-adapter/test-scene'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectPinnedV2 } from './connect-mcp-client.ts'
import { serveProxyManager, bearerTokens, WRITER } from './proxy-manager-fixture.ts'
import type { ProxyManager } from './proxy-manager-fixture.ts'

// Issue 30, point 7: a 2026-07-28 subscriptions/listen stream is not activity. The composed
// manager with its reaper (every 500 ms) on the local control plane, a real example server
// process per pod (both eras), and the real v2 client pinned to 2026-07-28.
const TIMEOUT_MS = 3000
const IDLE = { 'mcp-lifecycle/idle-timeout': '3s' }
/** The reaper ticks every 500 ms; a stop also takes an API round trip or two. */
const SLACK_MS = 4000

const scene = new TestScene()
let access: ClusterAccess
let manager: ProxyManager | undefined

beforeAll(async () => {
  access = await scene.namespace('reaper-listen')
  await Promise.all(
    ['listener', 'caller'].map((name) =>
      createDeployment(access, { name, replicas: 0, annotations: IDLE, readyWhenListening: true })
    )
  )
  await scene.examplePods(access, 'app in (listener,caller)', 'both')
  manager = await serveProxyManager(scene, access, bearerTokens(WRITER))
  const backend = createK8sBackend({ kubeConfig: access.kubeConfig, namespace: access.namespace })
  const reaper = startReaper({ backend, activator: manager.activator, intervalMs: 500 })
  scene.defer(() => reaper.stop())
})

afterAll(() => scene.close())

const connect = (name: string) =>
  connectPinnedV2(`${manager!.base}/servers/${name}/mcp`, 'writer-token')

const replicas = async (name: string) =>
  (await access.apps.readNamespacedDeployment({ name, namespace: access.namespace })).spec?.replicas

/** Polls until the server has 0 desired replicas; resolves with when that was seen. */
async function stoppedWithin(name: string, ms: number): Promise<number> {
  const deadline = Date.now() + ms
  for (;;) {
    if ((await replicas(name)) === 0) return Date.now()
    if (Date.now() > deadline) throw new Error(`${name} was not stopped within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('subscriptions/listen streams and the reaper', () => {
  it('stops a server with only a listen stream open after its timeout, ending the stream gracefully', async () => {
    const client = await connect('listener')
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28')
      const subscription = await client.listen({ toolsListChanged: true })
      const listening = Date.now()
      const stoppedAt = await stoppedWithin('listener', TIMEOUT_MS + SLACK_MS)
      expect(stoppedAt - listening).toBeGreaterThanOrEqual(TIMEOUT_MS - 500)
      // A successful listen response, not a cut stream ('remote').
      expect(await subscription.closed).toBe('graceful')
    } finally {
      await client.close()
    }
  })

  it('does not stop a server while a tool call is in flight beside a listen stream', async () => {
    const client = await connect('caller')
    try {
      const subscription = await client.listen({ toolsListChanged: true })
      const progress: number[] = []
      const started = Date.now()
      // 7 s of counting: past the 3 s timeout twice over.
      const result = await client.callTool(
        { name: 'slow_count', arguments: { count: 35, interval_ms: 200 } },
        { timeout: 30_000, onprogress: (p) => void progress.push(p.progress) }
      )
      expect(Date.now() - started).toBeGreaterThan(2 * TIMEOUT_MS)
      expect(result.isError).toBeFalsy()
      expect(progress).toHaveLength(35)
      expect(await replicas('caller')).toBe(1)
      await stoppedWithin('caller', TIMEOUT_MS + SLACK_MS)
      expect(await subscription.closed).toBe('graceful')
    } finally {
      await client.close()
    }
  })
})
