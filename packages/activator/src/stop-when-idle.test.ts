import type { AuditRecord, LeaderLease } from '@mcp-lifecycle/core'
import { MemoryBackend, MemoryServerPods } from '@mcp-lifecycle/core/testing'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { startExampleServer } from '../../../apps/example-mcp-server/src/start-example-server.ts'
import { createActivator } from './create-activator.ts'
import { startReaper } from './reaper-loop.ts'
import { INITIALIZE, mcpPost, readyPod } from './testing/index.ts'

const cleanup: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

const LONG_IDLE = {
  'mcp-lifecycle/idle-timeout': '1s',
  'mcp-lifecycle/last-activity': '2026-01-01T00:00:00Z',
}

async function setup(replicas = 1, annotations: Record<string, string> = LONG_IDLE) {
  const backend = new MemoryBackend([{ name: 'weather', replicas, annotations }])
  const pods = new MemoryServerPods()
  const audit: AuditRecord[] = []
  const activator = createActivator({ backend }, { pods, connectRetryMs: 20, stopSettleMs: 2000 })
  cleanup.push(() => activator.close())
  const app = new Hono().route('/', activator.app)
  const fetch = async (url: string | URL, init?: RequestInit) => app.request(String(url), init)
  const servers = await Promise.all(['weather-a', 'weather-b'].map(example))
  pods.set('weather', replicas ? [readyPod('weather-a', servers[0]!.identity.port)] : [])
  return { backend, pods, audit, activator, fetch, servers }
}

async function example(pod: string) {
  const server = await startExampleServer({
    host: '127.0.0.1',
    port: 0,
    mode: 'stateful',
    pod,
    exitWithStdin: false,
  })
  cleanup.push(() => server.close())
  return server
}

async function connect(fetch: (url: string | URL, init?: RequestInit) => Promise<Response>) {
  const client = new Client({ name: 'reaper-tests', version: '0' })
  await client.connect(
    new StreamableHTTPClientTransport(new URL('http://manager/servers/weather/mcp'), { fetch })
  )
  cleanup.push(() => client.close())
  return client
}

describe('stop when idle, in the activator', () => {
  it('counts requests in flight until their answer ends (an open SSE stream too), and the sessions seen', async () => {
    const t = await setup()
    const client = await connect(t.fetch)
    // The client keeps a standalone GET stream open: that is an open stream, so in flight.
    const connected = t.activator.activity('weather')
    expect(connected?.inFlight).toBeGreaterThanOrEqual(1)
    expect(connected?.sessionsSeen).toHaveLength(1)
    let during: number | undefined
    await client.callTool(
      { name: 'slow_count', arguments: { count: 3, interval_ms: 50 } },
      undefined,
      { onprogress: () => void (during ??= t.activator.activity('weather')?.inFlight) }
    )
    expect(during).toBeGreaterThanOrEqual(2) // the GET stream and the call
    await client.close()
    await until(() => t.activator.activity('weather')?.inFlight === 0)
  })

  it('holds a request that arrives while the server is being stopped, then wakes it again on a new pod', async () => {
    const t = await setup()
    let answer: Promise<Response> | undefined
    const stopped = await t.activator.whileStopping('weather', async () => {
      answer = t.fetch('http://manager/servers/weather/mcp', initialize())
      await new Promise((resolve) => setTimeout(resolve, 50))
      await t.backend.scale('weather', 0)
      return true
    })
    expect(stopped).toBe(true)
    // The old pod still shows as Ready (its deletion lags), yet the request waits for a new one.
    await until(() => t.backend.peek('weather')?.desiredReplicas === 1)
    t.pods.set('weather', [
      readyPod('weather-a', t.servers[0]!.identity.port),
      readyPod('weather-b', t.servers[1]!.identity.port),
    ])
    const res = await answer!
    expect(res.status).toBe(200)
    expect(podOf(res.headers.get('mcp-session-id'))).toBe('uid-weather-b')
  })

  it('reaps an idle server through the loop, and not while a request is in flight', async () => {
    const t = await setup()
    const client = await connect(t.fetch)
    const call = client.callTool({ name: 'slow_count', arguments: { count: 8, interval_ms: 100 } })
    const reaper = startReaper({
      backend: t.backend,
      activator: t.activator,
      intervalMs: 50,
      audit: (r) => t.audit.push(r),
    })
    cleanup.push(() => reaper.stop())
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(t.backend.peek('weather')?.desiredReplicas).toBe(1)
    await call
    await client.close()
    // Idle from now on: the session and the call end count as activity for 1 s.
    await until(() => t.backend.peek('weather')?.desiredReplicas === 0, 5000)
    expect(t.audit).toEqual([
      expect.objectContaining({
        who: 'reaper',
        action: 'stop',
        server: 'weather',
        outcome: 'changed',
      }),
    ])
  })

  it('reaps only while holding the lease', async () => {
    const t = await setup()
    const lease: LeaderLease = { acquireOrRenew: async () => false, release: async () => {} }
    const reaper = startReaper({
      backend: t.backend,
      activator: t.activator,
      intervalMs: 20,
      lease,
    })
    cleanup.push(() => reaper.stop())
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(t.backend.peek('weather')?.desiredReplicas).toBe(1)
  })
})

function podOf(session: string | null): string {
  // m1.<key id>.<pod UID>.<MAC>.<session>
  return Buffer.from(session?.split('.')[2] ?? '', 'base64url').toString()
}

const initialize = () => mcpPost(INITIALIZE)

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
