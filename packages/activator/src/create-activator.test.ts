import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditRecord, Principal } from '@mcp-lifecycle/core'
import { MemoryBackend, MemoryServerPods } from '@mcp-lifecycle/core/testing'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { startExampleServer } from '../../../apps/example-mcp-server/src/start-example-server.ts'
import type { RunningExampleServer } from '../../../apps/example-mcp-server/src/start-example-server.ts'
import { createActivator, type Activator, type ActivatorOptions } from './create-activator.ts'
import { INITIALIZE, mcpPost, readyPod } from './testing/index.ts'

const WRITER: Principal = { id: 'writer', scope: 'write' }
const READER: Principal = { id: 'reader', scope: 'read' }

const cleanup: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

function setup(
  seeds: { name: string; replicas: number; annotations?: Record<string, string> }[],
  options: Partial<ActivatorOptions> = {}
) {
  const backend = new MemoryBackend(seeds)
  const pods = new MemoryServerPods()
  for (const seed of seeds) pods.set(seed.name, [])
  const audit: AuditRecord[] = []
  const activator: Activator = createActivator(
    { backend, audit: (record) => audit.push(record) },
    { pods, connectRetryMs: 20, ...options }
  )
  cleanup.push(() => activator.close())
  // Stands in for compose-app's authentication: the principal comes from the test.
  let principal: Principal = WRITER
  const app = new Hono()
    .use((c, next) => (c.set('principal' as never, principal as never), next()))
    .route('/', activator.app)
  return {
    backend,
    pods,
    audit,
    app,
    activator,
    as: (who: Principal) => (principal = who),
    fetch: async (url: string | URL, init?: RequestInit) => app.request(String(url), init),
  }
}

async function example(pod: string, mode: 'stateful' | 'stateless' = 'stateful') {
  const server = await startExampleServer({
    host: '127.0.0.1',
    port: 0,
    mode,
    pod,
    exitWithStdin: false,
  })
  cleanup.push(() => server.close())
  return server
}

async function connect(fetch: ReturnType<typeof setup>['fetch'], name = 'weather') {
  const client = new Client({ name: 'activator-tests', version: '0' })
  const transport = new StreamableHTTPClientTransport(
    new URL(`http://manager/servers/${name}/mcp`),
    { fetch }
  )
  await client.connect(transport)
  cleanup.push(() => client.close())
  const whoami = async () =>
    (await client.callTool({ name: 'whoami' })).structuredContent as { pod: string }
  return { client, transport, whoami }
}

const initialize = (headers: Record<string, string> = {}) => mcpPost(INITIALIZE, headers)

/**
 * Sends `count` initialize requests to the stopped server `name` and waits for its wake: they
 * stay held until the returned release() aborts them.
 */
async function holdWhileWaking(t: ReturnType<typeof setup>, name: string, count: number) {
  const controller = new AbortController()
  const held = Array.from({ length: count }, () =>
    Promise.resolve(
      t.app.request(`/servers/${name}/mcp`, { ...initialize(), signal: controller.signal })
    ).catch(() => undefined)
  )
  await until(() => t.backend.calls.scale === 1)
  return async () => {
    controller.abort()
    await Promise.all(held)
  }
}

const port = (server: RunningExampleServer) => server.identity.port

describe('the activator', () => {
  it('proxies MCP to a Ready pod of a running server', async () => {
    const t = setup([{ name: 'weather', replicas: 1 }])
    t.pods.set('weather', [readyPod('weather-a', port(await example('weather-a')))])
    const { whoami } = await connect(t.fetch)
    expect(await whoami()).toMatchObject({ pod: 'weather-a' })
    expect(t.backend.calls.scale).toBe(0)
  })

  it('wakes a stopped server, audited as a start by the caller, and holds the request until a pod is Ready', async () => {
    const t = setup([{ name: 'weather', replicas: 0 }])
    const server = await example('weather-a')
    const answer = t.app.request('/servers/weather/mcp', initialize())
    await until(() => t.backend.calls.scale === 1)
    t.pods.set('weather', [readyPod('weather-a', port(server))])
    const res = await answer
    expect(res.status).toBe(200)
    expect(t.audit).toEqual([
      expect.objectContaining({
        who: 'writer',
        action: 'start',
        server: 'weather',
        from: 0,
        to: 1,
        outcome: 'changed',
      }),
    ])
  })

  it('lets a read-only caller use a running server but not wake a stopped one', async () => {
    const t = setup([
      { name: 'weather', replicas: 0 },
      { name: 'news', replicas: 1 },
    ])
    t.pods.set('news', [readyPod('news-a', port(await example('news-a')))])
    t.as(READER)
    expect((await t.app.request('/servers/news/mcp', initialize())).status).toBe(200)
    const refused = await t.app.request('/servers/weather/mcp', initialize())
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ detail: expect.stringMatching(/write scope/) })
    expect(t.backend.calls.scale).toBe(0)
  })

  it("refuses a server outside the caller's name pattern", async () => {
    const t = setup([{ name: 'weather', replicas: 1 }])
    t.as({ id: 'narrow', scope: 'write', servers: 'news-*' })
    expect((await t.app.request('/servers/weather/mcp', initialize())).status).toBe(403)
  })

  it('answers 404 for an unknown server', async () => {
    const t = setup([])
    const res = await t.app.request('/servers/nothing/mcp', initialize())
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })

  it('answers 503 with Retry-After when the queue is full, and drops a client that leaves', async () => {
    const t = setup([
      { name: 'weather', replicas: 1, annotations: { 'mcp-lifecycle/queue-size': '1' } },
    ])
    const leaving = new AbortController()
    const first = t.app.request(
      new Request('http://manager/servers/weather/mcp', { ...initialize(), signal: leaving.signal })
    )
    Promise.resolve(first).catch(() => {})
    await new Promise((resolve) => setTimeout(resolve, 50))
    const overflow = await t.app.request('/servers/weather/mcp', initialize())
    expect(overflow.status).toBe(503)
    expect(overflow.headers.get('retry-after')).toBe('2')
    expect(await overflow.json()).toMatchObject({ title: 'Wake queue full' })
    leaving.abort()
    await new Promise((resolve) => setTimeout(resolve, 20))
    // The place is free again: this one waits (and gets a pod) instead of overflowing.
    const next = t.app.request('/servers/weather/mcp', initialize())
    t.pods.set('weather', [readyPod('weather-a', port(await example('weather-a')))])
    expect((await next).status).toBe(200)
  })

  it('answers 503 with Retry-After when no pod is Ready before the deadline', async () => {
    const t = setup([{ name: 'weather', replicas: 1 }], { queue: { size: 10, timeoutMs: 200 } })
    const res = await t.app.request('/servers/weather/mcp', initialize())
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(await res.json()).toMatchObject({ title: 'MCP server not ready' })
  })

  it('fails the waiting requests at once when a pod cannot start, with the reason', async () => {
    const t = setup([{ name: 'weather', replicas: 0 }])
    const answer = t.app.request('/servers/weather/mcp', initialize())
    await until(() => t.backend.calls.scale === 1)
    const pulling = readyPod('weather-a', 1, {
      ready: false,
      ip: undefined,
      waiting: [
        { container: 'mcp', reason: 'ImagePullBackOff', message: 'Back-off pulling image' },
      ],
    })
    t.pods.set('weather', [pulling])
    const res = await answer
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      title: 'MCP server cannot start',
      reason: 'ImagePullBackOff',
      detail: "MCP server 'weather' cannot start (ImagePullBackOff); see its status for details.",
    })
  })

  it('never sends anything to a pod outside the allowed networks, and tells the caller no address', async () => {
    const refusals: string[] = []
    const t = setup([{ name: 'weather', replicas: 1 }], {
      onRefusal: (_, detail) => refusals.push(detail),
      podNetworksSetting: 'MCPL_POD_NETWORKS',
    })
    t.pods.set('weather', [readyPod('weather-a', 8080, { ip: '10.244.0.9' })])
    const res = await t.app.request('/servers/weather/mcp', initialize())
    expect(res.status).toBe(503)
    const problem = (await res.json()) as { detail: string }
    expect(problem.detail).toBe(
      "MCP server 'weather': pod weather-a is outside the pod networks the manager may reach (MCPL_POD_NETWORKS)."
    )
    expect(JSON.stringify(problem)).not.toMatch(/10\.244|127\.0\.0/)
    expect(refusals).toEqual([
      'pod weather-a has IP 10.244.0.9, outside MCPL_POD_NETWORKS (127.0.0.0/8)',
    ])
  })

  it('retries a Ready pod that does not listen yet', async () => {
    const t = setup([{ name: 'weather', replicas: 1 }])
    const probe = createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => probe.once('listening', resolve))
    const free = (probe.address() as AddressInfo).port
    await new Promise((resolve) => probe.close(resolve))
    t.pods.set('weather', [readyPod('weather-a', free)])
    const answer = t.app.request('/servers/weather/mcp', initialize())
    await new Promise((resolve) => setTimeout(resolve, 150))
    const server = await startExampleServer({
      host: '127.0.0.1',
      port: free,
      mode: 'stateful',
      pod: 'weather-a',
      exitWithStdin: false,
    })
    cleanup.push(() => server.close())
    expect((await answer).status).toBe(200)
  })

  it('keeps a session on the pod that created it, and answers 404 once that pod is gone', async () => {
    const t = setup([{ name: 'weather', replicas: 2 }])
    const [a, b] = [await example('weather-a'), await example('weather-b')]
    t.pods.set('weather', [readyPod('weather-a', port(a)), readyPod('weather-b', port(b))])
    const first = await connect(t.fetch)
    const second = await connect(t.fetch)
    const pods = [(await first.whoami()).pod, (await second.whoami()).pod]
    expect(new Set(pods).size).toBe(2) // least busy: one each (the first session's GET stream holds one)
    for (let i = 0; i < 5; i++) expect((await first.whoami()).pod).toBe(pods[0])
    expect(first.transport.sessionId).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\..+$/)
    t.pods.set('weather', [readyPod(pods[1]!, port(pods[1] === 'weather-a' ? a : b))])
    const gone = await t.app.request('/servers/weather/mcp', {
      ...initialize({
        'mcp-session-id': first.transport.sessionId!,
        'mcp-protocol-version': '2025-11-25',
      }),
    })
    expect(gone.status).toBe(404)
    expect(await gone.json()).toMatchObject({ error: { code: -32001 } })
    const forged = await t.app.request(
      '/servers/weather/mcp',
      initialize({ 'mcp-session-id': 'dWlkLXdlYXRoZXItYg.AAAA.x' })
    )
    expect(forged.status).toBe(404)
  })

  it('relays progress notifications as SSE events while the call runs', async () => {
    const t = setup([{ name: 'weather', replicas: 1 }])
    t.pods.set('weather', [readyPod('weather-a', port(await example('weather-a')))])
    const { client } = await connect(t.fetch)
    const seen: number[] = []
    const result = await client.callTool(
      { name: 'slow_count', arguments: { count: 3, interval_ms: 30 } },
      undefined,
      {
        onprogress: (progress) => void seen.push(progress.progress),
      }
    )
    expect(seen).toEqual([1, 2, 3])
    expect(result.isError).toBeFalsy()
  })

  it('passes MCP headers and status codes both ways, and nothing outside the allow-lists', async () => {
    const t = setup([{ name: 'weather', replicas: 1 }])
    let received: IncomingHttpHeaders = {}
    const upstream: Server = createServer((req, res) => {
      received = req.headers
      res
        .writeHead(405, {
          'mcp-session-id': 'pod-session',
          'keep-alive': 'timeout=5',
          allow: 'POST',
          'x-custom': 'dropped',
          'set-cookie': 'sid=stolen; Path=/',
          'strict-transport-security': 'max-age=63072000',
          'access-control-allow-origin': '*',
          'clear-site-data': '"*"',
        })
        .end()
    })
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise((resolve) => upstream.close(resolve)))
    t.pods.set('weather', [readyPod('weather-a', (upstream.address() as AddressInfo).port)])
    const res = await t.app.request('/servers/weather/mcp?x=1', {
      method: 'GET',
      headers: {
        authorization: 'Bearer manager-token',
        accept: 'text/event-stream',
        'mcp-protocol-version': '2025-11-25',
        'last-event-id': 'ev-7',
        'x-hop': '1',
        connection: 'x-hop',
        cookie: 'dashboard-session=secret',
        'x-forwarded-for': '10.0.0.1',
        'x-auth-request-access-token': 'oauth2-proxy-token',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    for (const dropped of [
      'x-custom',
      'keep-alive',
      'set-cookie',
      'strict-transport-security',
      'access-control-allow-origin',
      'clear-site-data',
    ]) {
      expect(res.headers.get(dropped), dropped).toBeNull()
    }
    expect(res.headers.get('mcp-session-id')).toMatch(/\.pod-session$/)
    expect(received).toMatchObject({
      accept: 'text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      'last-event-id': 'ev-7',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      via: '1.1 mcp-lifecycle',
    })
    for (const kept of [
      'authorization',
      'x-hop',
      'cookie',
      'x-forwarded-for',
      'x-auth-request-access-token',
    ]) {
      expect(received[kept], kept).toBeUndefined()
    }
  })
})

describe('the ready check (mcp-lifecycle/ready-check: mcp)', () => {
  const checked = { 'mcp-lifecycle/ready-check': 'mcp', 'mcp-lifecycle/queue-timeout-seconds': '5' }

  /** A pod that records what it gets and answers with `answer`. */
  async function fakePod(
    answer: (
      message: { method: string; id?: number },
      req: IncomingHttpHeaders
    ) => {
      status: number
      body?: unknown
      headers?: Record<string, string>
    }
  ) {
    const seen: { method: string; headers: IncomingHttpHeaders; httpMethod: string }[] = []
    const server: Server = createServer((req, res) => {
      let text = ''
      req.on('data', (chunk: Buffer) => (text += chunk.toString()))
      req.on('end', () => {
        const message = text ? (JSON.parse(text) as { method: string; id?: number }) : undefined
        seen.push({ method: message?.method ?? '', headers: req.headers, httpMethod: req.method! })
        const { status, body, headers } = message
          ? answer(message, req.headers)
          : { status: 200, body: undefined, headers: {} }
        res.writeHead(status, { 'content-type': 'application/json', ...headers })
        res.end(body === undefined ? undefined : JSON.stringify(body))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise((resolve) => server.close(resolve)))
    return { seen, port: (server.address() as AddressInfo).port }
  }

  it('releases a 2025-only example server once its initialize succeeds (its discover fails)', async () => {
    const t = setup([{ name: 'weather', replicas: 1, annotations: checked }])
    t.pods.set('weather', [readyPod('weather-a', port(await example('weather-a')))])
    const { whoami } = await connect(t.fetch)
    expect(await whoami()).toMatchObject({ pod: 'weather-a' })
  })

  it('holds requests while the pod answers 503, sends them once a discover succeeds, and probes a pod once', async () => {
    const t = setup([{ name: 'weather', replicas: 1, annotations: checked }])
    let up = false
    const pod = await fakePod((message) =>
      !up
        ? { status: 503 }
        : { status: 200, body: { jsonrpc: '2.0', id: message.id, result: { ok: true } } }
    )
    t.pods.set('weather', [readyPod('weather-a', pod.port)])
    let answered = false
    const answer = Promise.resolve(t.app.request('/servers/weather/mcp', initialize())).finally(
      () => (answered = true)
    )
    await until(() => pod.seen.length >= 2)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(answered).toBe(false)
    // Only probes reached the pod: discover (2026-07-28), then initialize, again and again.
    expect(new Set(pod.seen.map((s) => s.method))).toEqual(
      new Set(['server/discover', 'initialize'])
    )
    expect(pod.seen[0]!.headers).toMatchObject({
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'server/discover',
    })
    up = true
    expect((await answer).status).toBe(200)
    const probes = pod.seen.filter((s) => s.method === 'server/discover').length
    expect((await t.app.request('/servers/weather/mcp', initialize())).status).toBe(200)
    expect(pod.seen.filter((s) => s.method === 'server/discover').length).toBe(probes)
    expect(pod.seen.filter((s) => s.method === 'initialize').length).toBeGreaterThan(0)
    expect(pod.seen.at(-1)!.method).toBe('initialize')
  })

  it('deletes the session a probing initialize creates and never hands it to a client', async () => {
    const t = setup([{ name: 'weather', replicas: 1, annotations: checked }])
    let sessions = 0
    const pod = await fakePod((message) =>
      message.method === 'initialize'
        ? {
            status: 200,
            body: { jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2025-11-25' } },
            headers: { 'mcp-session-id': `session-${++sessions}` },
          }
        : {
            status: 400,
            body: { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'no' } },
          }
    )
    t.pods.set('weather', [readyPod('weather-a', pod.port)])
    const res = await t.app.request('/servers/weather/mcp', initialize())
    expect(res.status).toBe(200)
    expect(res.headers.get('mcp-session-id')).toMatch(/\.session-2$/)
    expect(pod.seen.map((s) => [s.httpMethod, s.method || s.headers['mcp-session-id']])).toEqual([
      ['POST', 'server/discover'],
      ['POST', 'initialize'],
      ['DELETE', 'session-1'],
      ['POST', 'initialize'],
    ])
  })

  it('answers 503 when no probe succeeds before the deadline', async () => {
    const t = setup([
      {
        name: 'weather',
        replicas: 1,
        annotations: { ...checked, 'mcp-lifecycle/queue-timeout-seconds': '1' },
      },
    ])
    const pod = await fakePod(() => ({ status: 503 }))
    t.pods.set('weather', [readyPod('weather-a', pod.port)])
    const res = await t.app.request('/servers/weather/mcp', initialize())
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ title: 'MCP server not ready' })
  })

  it('never probes a pod outside the allowed networks', async () => {
    const t = setup([{ name: 'weather', replicas: 1, annotations: checked }])
    t.pods.set('weather', [readyPod('weather-a', 8080, { ip: '10.244.0.9' })])
    const res = await t.app.request('/servers/weather/mcp', initialize())
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      detail: expect.stringContaining('pod weather-a is outside the pod networks'),
    })
  })
})

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('the front door (hostile callers, hostile Deployments)', () => {
  /** A pod that counts what reaches it and answers as told. */
  async function countingPod(
    answer: (res: import('node:http').ServerResponse) => void = (res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"jsonrpc":"2.0","id":1,"result":{}}')
  ) {
    let hits = 0
    const server: Server = createServer((req, res) => {
      hits++
      req.resume()
      req.on('end', () => answer(res))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise((resolve) => server.close(resolve)))
    return { port: (server.address() as AddressInfo).port, hits: () => hits }
  }

  it('never dials a hostNetwork pod (its IP is the node, with every port of the node)', async () => {
    const t = setup([{ name: 'evil', replicas: 1 }])
    const pod = await countingPod()
    t.pods.set('evil', [readyPod('evil-a', pod.port, { hostNetwork: true })])
    const res = await t.app.request('/servers/evil/mcp', initialize())
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      detail: expect.stringContaining("uses the host's network"),
    })
    expect(pod.hits()).toBe(0)
  })

  it('never dials a port the pod does not declare, whatever mcp-lifecycle/mcp-port says', async () => {
    const target = await countingPod()
    const t = setup([
      { name: 'evil', replicas: 1, annotations: { 'mcp-lifecycle/mcp-port': String(target.port) } },
    ])
    t.pods.set('evil', [readyPod('evil-a', 1, { ports: [{ name: 'http', containerPort: 1 }] })])
    const res = await t.app.request('/servers/evil/mcp', initialize())
    expect(res.status).toBe(503)
    expect(target.hits()).toBe(0)
  })

  it('refuses a request that already went through a manager (a server that points back at one)', async () => {
    const t = setup([{ name: 'weather', replicas: 1 }])
    const pod = await countingPod()
    t.pods.set('weather', [readyPod('weather-a', pod.port)])
    const res = await t.app.request(
      '/servers/weather/mcp',
      initialize({ via: '1.1 mcp-lifecycle' })
    )
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ title: 'Proxy loop' })
    expect(pod.hits()).toBe(0)
  })

  it('binds a session to its caller and server: replayed by another caller or on another server it is 404', async () => {
    const t = setup([
      { name: 'weather', replicas: 1 },
      { name: 'github', replicas: 1 },
    ])
    const weather = await example('weather-a')
    t.pods.set('weather', [readyPod('weather-a', port(weather))])
    t.pods.set('github', [readyPod('github-a', port(weather))])
    t.as(WRITER)
    const opened = await t.app.request('/servers/weather/mcp', initialize())
    const session = opened.headers.get('mcp-session-id')!
    expect(session).toBeTruthy()
    const call = (name: string) =>
      t.app.request(
        `/servers/${name}/mcp`,
        mcpPost(
          { jsonrpc: '2.0', id: 2, method: 'tools/list' },
          { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }
        )
      )
    expect((await call('weather')).status).toBe(200)
    t.as(READER)
    expect((await call('weather')).status).toBe(404)
    t.as(WRITER)
    expect((await call('github')).status).toBe(404)
  })

  it('keeps nothing for forged session ids or for servers that do not exist', async () => {
    const t = setup([{ name: 'weather', replicas: 1 }])
    t.pods.set('weather', [readyPod('weather-a', port(await example('weather-a')))])
    const valid = (await t.app.request('/servers/weather/mcp', initialize())).headers.get(
      'mcp-session-id'
    )!
    for (let i = 0; i < 200; i++) {
      const forged = `${valid}${i}${'x'.repeat(7000)}`
      const res = await t.app.request(
        '/servers/weather/mcp',
        initialize({ 'mcp-session-id': forged })
      )
      expect(res.status).toBe(404)
    }
    expect(t.activator.activity('weather')?.sessionsSeen).toHaveLength(1)
    const unknown = await t.app.request('/servers/no-such-server/mcp', initialize())
    expect(unknown.status).toBe(404)
    expect(t.activator.activity('no-such-server')).toBeUndefined()
  })

  it('answers HEAD 405 without waking a stopped server', async () => {
    const t = setup([{ name: 'weather', replicas: 0 }])
    const res = await t.app.request('/servers/weather/mcp', { method: 'HEAD' })
    expect(res.status).toBe(405)
    expect(t.backend.calls.scale).toBe(0)
  })

  it.each([
    {
      rule: 'lets annotations lower the queue bound, never raise it',
      seeds: [
        { name: 'weather', replicas: 0, annotations: { 'mcp-lifecycle/queue-size': '100000' } },
      ],
      options: { queue: { size: 2, timeoutMs: 5_000 } },
      held: { name: 'weather', count: 2 },
      next: 'weather',
      title: 'Wake queue full',
    },
    {
      rule: 'bounds the requests held across all servers',
      seeds: [
        { name: 'a', replicas: 0 },
        { name: 'b', replicas: 0 },
      ],
      options: { held: { requests: 1, bytes: 1_000_000 } },
      held: { name: 'a', count: 1 },
      next: 'b',
      title: 'Manager busy',
    },
  ])('$rule', async ({ seeds, options, held, next, title }) => {
    const t = setup(seeds, options)
    const release = await holdWhileWaking(t, held.name, held.count)
    const refused = await t.app.request(`/servers/${next}/mcp`, initialize())
    expect(refused.status).toBe(503)
    expect(await refused.json()).toMatchObject({ title })
    await release()
  })

  it('counts a request held while the reaper stops the server in its queue', async () => {
    const t = setup([
      { name: 'weather', replicas: 1, annotations: { 'mcp-lifecycle/queue-size': '1' } },
    ])
    t.pods.set('weather', [readyPod('weather-a', (await countingPod()).port)])
    const answers: Promise<Response>[] = []
    await t.activator.whileStopping('weather', async () => {
      for (let i = 0; i < 3; i++)
        answers.push(Promise.resolve(t.app.request('/servers/weather/mcp', initialize())))
      await until(() => answers.length === 3)
      await new Promise((resolve) => setTimeout(resolve, 50))
      return false
    })
    const statuses = await Promise.all(
      answers.map(async (a) => {
        const res = await a
        return res.status === 503 ? ((await res.json()) as { title: string }).title : res.status
      })
    )
    expect(statuses.filter((s) => s === 'Wake queue full')).toHaveLength(2)
  })

  it('bounds the requests one principal holds, leaving the rest to others', async () => {
    const t = setup(
      [
        { name: 'a', replicas: 0 },
        { name: 'b', replicas: 1 },
      ],
      // A short queue timeout: without a per-principal bound the third request waits, then fails.
      {
        held: { requests: 8, bytes: 1_000_000, perPrincipal: 2 },
        queue: { size: 100, timeoutMs: 2000 },
      }
    )
    t.pods.set('b', [readyPod('b-a', port(await example('b-a')))])
    const release = await holdWhileWaking(t, 'a', 2)
    const third = await t.app.request('/servers/a/mcp', initialize())
    expect(third.status).toBe(503)
    expect(third.headers.get('retry-after')).toBeTruthy()
    expect(await third.json()).toMatchObject({
      title: 'Manager busy',
      detail: expect.stringContaining('2 proxied requests of this caller'),
    })
    t.as({ id: 'other', scope: 'write' })
    expect((await t.app.request('/servers/b/mcp', initialize())).status).toBe(200)
    await release()
  })

  it.each([
    [
      'a redirect',
      (res: import('node:http').ServerResponse) =>
        res.writeHead(302, { location: 'https://evil.example/' }).end(),
    ],
    [
      'an HTML page',
      (res: import('node:http').ServerResponse) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<script>steal()</script>'),
    ],
  ])('does not pass on %s from a pod', async (_, answer) => {
    const t = setup([{ name: 'weather', replicas: 1 }])
    const pod = await countingPod(answer)
    t.pods.set('weather', [readyPod('weather-a', pod.port)])
    const res = await t.app.request('/servers/weather/mcp', initialize())
    expect(res.status).toBe(503)
    expect(res.headers.get('location')).toBeNull()
    expect(await res.json()).toMatchObject({ title: 'MCP server answer refused' })
  })

  it('spreads waiters released together over the pods that became ready', async () => {
    const t = setup([{ name: 'weather', replicas: 0 }])
    const seen: string[] = []
    const pods = await Promise.all(
      ['weather-a', 'weather-b', 'weather-c'].map(async (name) => {
        const pod = await countingPod((res) => {
          seen.push(name)
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
        })
        return readyPod(name, pod.port)
      })
    )
    const answers = Array.from({ length: 30 }, () =>
      Promise.resolve(t.app.request('/servers/weather/mcp', initialize()))
    )
    await until(() => t.backend.calls.scale === 1)
    t.pods.set('weather', pods)
    await Promise.all(answers)
    for (const name of ['weather-a', 'weather-b', 'weather-c']) {
      expect(seen.filter((s) => s === name)).toHaveLength(10)
    }
  })
})
