import { createActivator, startReaper } from '@mcp-lifecycle/activator'
import { LifecycleError, type AuditRecord, type LifecycleBackend } from '@mcp-lifecycle/core'
import {
  createK8sActivityRecorder,
  createK8sBackend,
  createK8sLeaderLease,
  createK8sServerPods,
} from '@mcp-lifecycle/k8s-adapter'
import { createDeployment, type ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { TestScene } from '@mcp-lifecycle/k8s-adapter/test-scene'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveOnLoopback } from './proxy-manager-fixture.ts'
import { connectV1 } from './connect-mcp-client.ts'
import { createServerApp } from './create-server-app.ts'

// Stop when idle end to end: the composed manager with its reaper (every 500 ms, holding a
// real Lease), the real adapter on the local control plane, and a real example MCP server
// process per pod. Servers opt in with mcp-lifecycle/idle-timeout: 3s.
const TIMEOUT_MS = 3000
const IDLE = { 'mcp-lifecycle/idle-timeout': '3s' }
/** The reaper ticks every 500 ms; a stop also takes an API round trip or two. */
const SLACK_MS = 4000

const scene = new TestScene()
let access: ClusterAccess
let base: string
const audit: AuditRecord[] = []
/** Called by the reaper's scale to 0 of a server, before it is sent (the race test). */
const beforeStop = new Map<string, () => Promise<void>>()

beforeAll(async () => {
  access = await scene.namespace('reaper')
  await Promise.all([
    createDeployment(access, { name: 'idle', replicas: 0, annotations: IDLE }),
    createDeployment(access, { name: 'busy', replicas: 0, annotations: IDLE }),
    createDeployment(access, { name: 'racy', replicas: 0, annotations: IDLE }),
    createDeployment(access, { name: 'forever', replicas: 1 }),
  ])
  // A stateless server answers GET with 405: its client holds no standalone stream open, so
  // only the tool call is in flight.
  await scene.examplePods(access, 'app in (idle,racy,forever)', 'stateful')
  await scene.examplePods(access, 'app=busy', 'stateless')
  const options = { kubeConfig: access.kubeConfig, namespace: access.namespace }
  const backend = createK8sBackend(options)
  const deps = {
    backend,
    audit: (record: AuditRecord) => void audit.push(record),
    authenticator: async (header: string | undefined) => {
      if (header !== 'Bearer writer-token')
        throw new LifecycleError('unauthorized', 'Send a token.')
      return { id: 'writer', scope: 'write' as const }
    },
  }
  const activator = createActivator(deps, {
    pods: createK8sServerPods(options),
    activityRecorder: createK8sActivityRecorder(options),
    activityWriteIntervalMs: 1000,
    onActivityWriteError: (name, error) => console.error(`activity of ${name}:`, error),
  })
  scene.defer(() => activator.close())
  const stopHook: LifecycleBackend = {
    ...backend,
    async scale(name, replicas, mutation) {
      if (replicas === 0) await beforeStop.get(name)?.()
      return backend.scale(name, replicas, mutation)
    },
  }
  const reaper = startReaper({
    backend: stopHook,
    activator,
    lease: createK8sLeaderLease({
      ...options,
      name: 'reaper',
      identity: 'test',
      durationSeconds: 15,
    }),
    intervalMs: 500,
    audit: (record) => void audit.push(record),
  })
  scene.defer(() => reaper.stop())
  const served = await serveOnLoopback(createServerApp(deps, undefined, activator))
  base = served.base
  scene.defer(() => served.server.close())
})

afterAll(() => scene.close())

async function connect(name: string) {
  const { client } = await connectV1(`${base}/servers/${name}/mcp`, 'writer-token')
  const whoami = async () =>
    (await client.callTool({ name: 'whoami' })).structuredContent as { pod: string }
  return { client, whoami }
}

const read = (name: string) =>
  access.apps.readNamespacedDeployment({ name, namespace: access.namespace })

/** Polls until the server has 0 desired replicas; resolves with when that was seen. */
async function stoppedWithin(name: string, ms: number): Promise<number> {
  const deadline = Date.now() + ms
  for (;;) {
    if ((await read(name)).spec?.replicas === 0) return Date.now()
    if (Date.now() > deadline) throw new Error(`${name} was not stopped within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function annotationWithin(name: string, ms: number): Promise<string> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = (await read(name)).metadata?.annotations?.['mcp-lifecycle/last-activity']
    if (value) return value
    if (Date.now() > deadline) throw new Error(`${name} got no last-activity within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const stopsOf = (name: string) =>
  audit.filter((r) => r.server === name && r.action === 'stop' && r.outcome === 'changed')

describe('the reaper on the local control plane', () => {
  it('stops a server woken by an MCP client once it is idle past its timeout, and records its activity', async () => {
    const { client, whoami } = await connect('idle')
    expect((await whoami()).pod).toMatch(/^idle-/)
    await client.close()
    const idleSince = Date.now()
    const stoppedAt = await stoppedWithin('idle', TIMEOUT_MS + SLACK_MS)
    expect(stoppedAt - idleSince).toBeGreaterThanOrEqual(TIMEOUT_MS - 500)
    // The audit line is written once the scale is answered: it may come after the test saw it.
    await expect
      .poll(() => stopsOf('idle'), { timeout: 5000 })
      .toEqual([expect.objectContaining({ who: 'reaper', from: 1, to: 0 })])
    // The activity writer looks every 5 s: the annotation may come after the stop.
    const recorded = await annotationWithin('idle', 10_000)
    expect(recorded).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Date.parse(recorded)).toBeGreaterThanOrEqual(idleSince - 5000)
  })

  it('does not stop a server while a tool call is in flight, and stops it once the call ended', async () => {
    const { client } = await connect('busy')
    try {
      // 7 s of counting: past the 3 s timeout twice over.
      const started = Date.now()
      await client.callTool(
        { name: 'slow_count', arguments: { count: 35, interval_ms: 200 } },
        undefined,
        { timeout: 30_000 }
      )
      expect(Date.now() - started).toBeGreaterThan(2 * TIMEOUT_MS)
      expect((await read('busy')).spec?.replicas).toBe(1)
      expect(stopsOf('busy')).toEqual([])
    } finally {
      await client.close()
    }
    await stoppedWithin('busy', TIMEOUT_MS + SLACK_MS)
  })

  it('wakes a server again for a request that arrives while it is being stopped', async () => {
    const first = await connect('racy')
    const before = (await first.whoami()).pod
    await first.client.close()
    let second: Promise<Awaited<ReturnType<typeof connect>>> | undefined
    beforeStop.set('racy', async () => {
      beforeStop.delete('racy')
      // Arrives under the stopping mark, after the reaper's last look at the activity.
      second = connect('racy')
      second.catch(() => {})
      await new Promise((resolve) => setTimeout(resolve, 300))
    })
    // Stopped and woken again at once: replicas are 0 too briefly to poll; the audit tells.
    const deadline = Date.now() + TIMEOUT_MS + SLACK_MS
    while (stopsOf('racy').length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(stopsOf('racy')).toHaveLength(1)
    expect(second).toBeDefined()
    const { client, whoami } = await second!
    try {
      const after = (await whoami()).pod
      expect(after).toMatch(/^racy-/)
      expect(after).not.toBe(before)
      expect((await read('racy')).spec?.replicas).toBe(1)
      const racy = audit.filter((r) => r.server === 'racy' && r.outcome === 'changed')
      expect(racy.map((r) => `${r.who}:${r.action}`)).toEqual([
        'writer:start',
        'reaper:stop',
        'writer:start',
      ])
    } finally {
      await client.close()
    }
  })

  it('never stops a server without mcp-lifecycle/idle-timeout', async () => {
    // Idle for the whole file (over 10 s of reaper passes) with an old last activity.
    expect((await read('forever')).spec?.replicas).toBe(1)
    expect(audit.filter((r) => r.server === 'forever')).toEqual([])
  })
})
