import { StreamSlots, type Principal } from '@mcp-lifecycle/core'
import { afterEach, describe, expect, it } from 'vitest'
import { READER_AND_MAPS_WRITER, tokenAuthenticator } from './token-authenticator.ts'
import { startMcpTestServer, type McpTestServer } from './mcp-test-server.ts'
import { useMcpTestServer } from './use-mcp-test-server.ts'
import { LEGACY, MODERN, modernRequest, postModern, readJsonRpc, readMessages } from './mcp-wire.ts'
import { SERVERS_URI, serverUri } from './status-uris.ts'

// The 2026-07-28 wire on POST /mcp, below any SDK client, against the memory backend.
const scene = useMcpTestServer([
  { name: 'weather', replicas: 0 },
  { name: 'stuck', replicas: 0, neverReady: true },
])

const call = (name: string, args: object, meta: object = {}) =>
  modernRequest('tools/call', { name, arguments: args, _meta: meta })

describe('2026-07-28 on POST /mcp', () => {
  it('answers server/discover with both revisions, the capabilities and who it is', async () => {
    const res = await postModern(scene.http.url, modernRequest('server/discover'))
    expect(res.status).toBe(200)
    const { result } = (await readJsonRpc(res)) as { result: Record<string, any> }
    // The 2025 revisions are served too, selected by initialize rather than discovered.
    expect(result.supportedVersions).toEqual([MODERN])
    expect(result.capabilities).toMatchObject({ tools: {}, resources: { subscribe: true } })
    expect(result._meta['io.modelcontextprotocol/serverInfo']).toMatchObject({
      name: 'mcp-lifecycle',
    })
  })

  it('answers tools/list as plain JSON, without a session, with caching hints', async () => {
    const res = await postModern(scene.http.url, modernRequest('tools/list'))
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.headers.get('mcp-session-id')).toBeNull()
    const { result } = (await readJsonRpc(res)) as { result: Record<string, any> }
    expect(result.tools).toHaveLength(5)
    expect(result).toMatchObject({ ttlMs: 300_000, cacheScope: 'public' })
  })

  it.each([
    ['a version header that differs from _meta', { 'mcp-protocol-version': LEGACY }, -32020],
    ['an Mcp-Method that differs from the body', { 'mcp-method': 'tools/list' }, -32020],
    ['an Mcp-Name that differs from the body', { 'mcp-name': 'stop_mcp' }, -32020],
  ])('refuses %s with 400 before any tool runs', async (_case, headers, code) => {
    const res = await postModern(scene.http.url, call('start_mcp', { name: 'weather' }), headers)
    expect(res.status).toBe(400)
    expect(await readJsonRpc(res)).toMatchObject({ id: 1, error: { code } })
    expect(scene.backend.calls.scale).toBe(0)
  })

  it('answers an unsupported version with 400, -32022 and the supported ones', async () => {
    const message = modernRequest('tools/list', {
      _meta: { 'io.modelcontextprotocol/protocolVersion': '2099-01-01' },
    })
    const res = await postModern(scene.http.url, message, { 'mcp-protocol-version': '2099-01-01' })
    expect(res.status).toBe(400)
    const { error } = (await readJsonRpc(res)) as { error: Record<string, any> }
    expect(error.code).toBe(-32022)
    expect(error.data.supported).toEqual(expect.arrayContaining([MODERN]))
  })

  it.each(['ping', 'logging/setLevel', 'resources/subscribe', 'no/such-method'])(
    'answers %s, unknown or removed in 2026-07-28, with 404 and -32601',
    async (method) => {
      const res = await postModern(
        scene.http.url,
        modernRequest(method, { level: 'info', uri: SERVERS_URI })
      )
      expect(res.status).toBe(404)
      expect(await readJsonRpc(res)).toMatchObject({ error: { code: -32601 } })
    }
  )

  it('answers an unknown tool with -32602 naming the tools, once', async () => {
    const res = await postModern(scene.http.url, call('delete_everything', {}))
    const { error } = (await readJsonRpc(res)) as { error: { code: number; message: string } }
    expect(error.code).toBe(-32602)
    expect(error.message).toBe(
      "Unknown tool 'delete_everything'. The tools are list_mcp_servers, get_mcp_status, start_mcp, stop_mcp, scale_mcp."
    )
  })

  it("sends progress on the call's own SSE stream, unbuffered, then the result", async () => {
    const res = await postModern(
      scene.http.url,
      call('start_mcp', { name: 'weather' }, { progressToken: 'p' })
    )
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    expect(res.headers.get('x-accel-buffering')).toBe('no')
    const messages = await readMessages(res)
    const progress = messages.filter((m) => m.method === 'notifications/progress')
    expect(progress.at(-1)).toMatchObject({
      params: { progressToken: 'p', progress: 1, total: 1, message: '1/1 replicas ready' },
    })
    expect(messages.at(-1)).toMatchObject({
      id: 1,
      result: { structuredContent: { name: 'weather', status: 'running' } },
    })
  })

  it('stops waiting when the client closes the stream (its cancellation)', async () => {
    const abort = new AbortController()
    const res = await postModern(
      scene.http.url,
      call('start_mcp', { name: 'stuck', timeout: 100 }, { progressToken: 'p' }),
      {},
      abort.signal
    )
    const reader = res.body!.getReader()
    await reader.read() // the first progress notification: the wait is under way
    const watches = scene.backend.calls.watch
    abort.abort()
    // The wait's watch ends: a new change to 'stuck' is no longer followed by anyone.
    await expect.poll(() => scene.backend.calls.watch).toBe(watches)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(scene.backend.peek('stuck')?.desiredReplicas).toBe(1)
  })

  it('refuses a foreign Origin with 403, as on 2025-11-25', async () => {
    const res = await postModern(scene.http.url, modernRequest('tools/list'), {
      origin: 'https://evil.example',
    })
    expect(res.status).toBe(403)
  })
})

describe('subscriptions/listen', () => {
  it('acknowledges, then notifies resources/updated when a server changes status', async () => {
    const abort = new AbortController()
    const listen = modernRequest('subscriptions/listen', {
      notifications: { resourceSubscriptions: [serverUri('weather')] },
    })
    const res = await postModern(scene.http.url, listen, {}, abort.signal)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    expect(res.headers.get('x-accel-buffering')).toBe('no')
    const frames = readFrames(res.body!)
    const ack = await frames.next()
    expect(ack.value).toMatchObject({ method: 'notifications/subscriptions/acknowledged' })

    // Wait for the watch to be open, then change the server.
    await expect.poll(() => scene.backend.calls.watch).toBeGreaterThan(0)
    await scene.backend.scale('weather', 1)
    const update = await frames.next()
    expect(update.value).toMatchObject({
      method: 'notifications/resources/updated',
      params: { uri: serverUri('weather'), _meta: { 'io.modelcontextprotocol/subscriptionId': 1 } },
    })
    abort.abort()
  })

  it('serves the status it notifies about as a resource', async () => {
    await scene.backend.scale('weather', 2)
    const res = await postModern(
      scene.http.url,
      modernRequest('resources/read', { uri: serverUri('weather') })
    )
    const { result } = (await readJsonRpc(res)) as { result: { contents: { text: string }[] } }
    expect(JSON.parse(result.contents[0]!.text)).toMatchObject({ name: 'weather', replicas: 2 })
  })

  it('answers an unknown server as a missing resource (-32602, data.uri)', async () => {
    const uri = serverUri('nope')
    const res = await postModern(scene.http.url, modernRequest('resources/read', { uri }))
    expect(await readJsonRpc(res)).toMatchObject({ error: { code: -32602, data: { uri } } })
  })
})

describe('2026-07-28 behind authentication', () => {
  const authenticator = tokenAuthenticator(READER_AND_MAPS_WRITER)

  it('lists the tools to a read-only token', async () => {
    const other = await startMcpTestServer({ backend: scene.backend, authenticator })
    try {
      const res = await postModern(other.url, modernRequest('tools/list'), {
        authorization: 'Bearer read-token',
      })
      expect(res.status).toBe(200)
    } finally {
      await other.close()
    }
  })

  it.each([
    ['a read-only token', 'read-token', "'dashboard' may only read; this needs the write scope."],
    ['a token for other servers', 'maps-token', "'maps-agent' may not act on server 'weather'."],
  ])('start_mcp with %s is a tool error about the credential', async (_case, token, detail) => {
    const other = await startMcpTestServer({ backend: scene.backend, authenticator })
    try {
      const res = await postModern(other.url, call('start_mcp', { name: 'weather' }), {
        authorization: `Bearer ${token}`,
      })
      const { result } = (await readJsonRpc(res)) as { result: any }
      expect(result.isError).toBe(true)
      expect(result.content[0].text).toContain(detail)
      expect(result.content[0].text).toContain('Your credential does not allow this call')
      expect(scene.backend.calls.scale).toBe(0)
    } finally {
      await other.close()
    }
  })
})

describe('subscriptions/listen behind authentication', () => {
  const principals = new Map<string, Principal>([
    ['maps-token', { id: 'maps-agent', scope: 'read', servers: 'maps-*' }],
  ])
  const authenticator = tokenAuthenticator(principals)
  const listenTo = (uris: string[]) =>
    modernRequest('subscriptions/listen', { notifications: { resourceSubscriptions: uris } })
  const servers: McpTestServer[] = []
  afterEach(() => Promise.all(servers.splice(0).map((s) => s.close())))
  const start = async (deps: Partial<Parameters<typeof startMcpTestServer>[0]> = {}) => {
    const server = await startMcpTestServer({ backend: scene.backend, authenticator, ...deps })
    servers.push(server)
    return server
  }

  it("sends only changes of servers inside the token's pattern", async () => {
    scene.backend.add({ name: 'maps-1', replicas: 0 })
    const { url } = await start()
    const abort = new AbortController()
    const listen = listenTo([SERVERS_URI, serverUri('weather'), serverUri('maps-1')])
    const res = await postModern(url, listen, { authorization: 'Bearer maps-token' }, abort.signal)
    const frames = readFrames(res.body!)
    await frames.next() // the acknowledgement
    await expect.poll(() => scene.backend.calls.watch).toBeGreaterThan(0)
    // weather is outside maps-*: neither it nor the list may be announced for its change.
    await scene.backend.scale('weather', 1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await scene.backend.scale('maps-1', 1)
    const uris = [(await frames.next()).value, (await frames.next()).value].map(
      (frame) => (frame as { params: { uri: string } }).params.uri
    )
    expect(uris).toEqual([SERVERS_URI, serverUri('maps-1')])
    abort.abort()
  })

  it('answers 503 with Retry-After past the streams a principal may hold', async () => {
    const { url } = await start({ streamSlots: new StreamSlots({ max: 10, perPrincipal: 1 }) })
    const abort = new AbortController()
    const headers = { authorization: 'Bearer maps-token' }
    const first = await postModern(url, listenTo([SERVERS_URI]), headers, abort.signal)
    expect(first.status).toBe(200)
    const second = await postModern(url, listenTo([SERVERS_URI]), headers)
    expect(second.status).toBe(503)
    expect(second.headers.get('retry-after')).toBe('5')
    expect(second.headers.get('content-type')).toBe('application/problem+json')
    abort.abort()
  })

  it('ends the stream when its token is revoked', async () => {
    principals.set('short-lived', { id: 'short-lived', scope: 'read' })
    const { url } = await start({ credentialCheckMs: 50 })
    const res = await postModern(url, listenTo([SERVERS_URI]), {
      authorization: 'Bearer short-lived',
    })
    const frames = readFrames(res.body!)
    await frames.next() // the acknowledgement
    principals.delete('short-lived')
    // The stream ends: the reader is done.
    for await (const frame of frames) void frame
  })
})

/** The JSON-RPC messages of an SSE stream, one at a time, as they arrive. */
async function* readFrames(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true })
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('')
      if (data) yield JSON.parse(data) as Record<string, unknown>
    }
  }
}
