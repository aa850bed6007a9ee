import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { getRequestListener } from '@hono/node-server'
import { createActivator } from '@mcp-lifecycle/activator'
import { createTokenAuthenticator } from '@mcp-lifecycle/auth'
import { writeTempJson } from '@mcp-lifecycle/auth/testing'
import { MemoryBackend, MemoryServerPods } from '@mcp-lifecycle/core/testing'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { createMetrics } from '@mcp-lifecycle/observability'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { startExampleServer } from '../../../apps/example-mcp-server/src/start-example-server.ts'
import { INITIALIZE as INITIALIZE_MESSAGE, readyPod } from '../../activator/src/testing/index.ts'
import { composeApp } from './compose-app.ts'
import { mcpLane } from './mcp-lane.ts'
import type { RequestListener } from './read-lane.ts'

const WRITER = 'w'.repeat(32)
const READER = 'r'.repeat(32)
const BILLING_ONLY = 'b'.repeat(32)
const MAX_BODY_BYTES = 4096
const tokensFile = writeTempJson('tokens.json', {
  tokens: [
    { id: 'writer', scope: 'write', token: WRITER },
    { id: 'reader', scope: 'read', token: READER },
    { id: 'billing-reader', scope: 'read', servers: 'billing*', token: BILLING_ONLY },
  ],
})
const tokens = createTokenAuthenticator(tokensFile, () => {})
const closers: (() => unknown)[] = []
afterAll(async () => {
  tokens.close()
  for (const close of closers.reverse()) await close()
})

const listen = async (server: Server) => {
  closers.push(() => new Promise((resolve) => server.close(resolve)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** Pods shared by both managers: the example server, and ones that misbehave. */
const pods = (async () => {
  const example = await startExampleServer({
    ...{ host: '127.0.0.1', port: 0, mode: 'stateful', pod: 'weather-a' },
    exitWithStdin: false,
  })
  closers.push(() => example.close())
  // Answers a redirect, which the manager does not pass on (a 503 of its own).
  const redirecting = await listen(
    createServer((req, res) => req.resume().once('end', () => res.writeHead(302).end()))
  )
  // Answers one SSE event and never ends; remembers when the manager closed its request.
  const stream = { closed: 0 }
  const endless = await listen(
    createServer((req, res) => {
      req.resume()
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n')
      res.once('close', () => stream.closed++)
    })
  )
  return { example: example.identity.port, redirecting, endless, stream }
})()

/** The manager's app over node:http with one activator, the MCP lane in front of hono or not. */
async function serveManagerApp(withLane: boolean, shutdownSignal?: AbortSignal) {
  const { example, redirecting, endless } = await pods
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()),
  })
  const observability = { logger: pino({ level: 'info' }, sink), metrics: createMetrics() }
  const backend = new MemoryBackend([
    ...['weather', 'redirecting', 'endless'].map((name) => ({ name, replicas: 1 })),
    { name: 'billing', replicas: 0 },
  ])
  const deps: HandlerDeps = {
    backend,
    maxBodyBytes: MAX_BODY_BYTES,
    authenticator: (authorization) => tokens.authenticate(authorization),
    ...(shutdownSignal && { shutdownSignal }),
  }
  const serverPods = new MemoryServerPods()
  serverPods.set('weather', [readyPod('weather-a', example)])
  serverPods.set('redirecting', [readyPod('redirecting-a', redirecting)])
  serverPods.set('endless', [readyPod('endless-a', endless)])
  const activator = createActivator(deps, { pods: serverPods, connectRetryMs: 20 })
  closers.push(() => activator.close())
  const app = composeApp(deps, [activator.app], observability)
  const counted = { hono: 0 }
  const honoListener = getRequestListener(app.fetch)
  const hono: RequestListener = (req, res) => (counted.hono++, void honoListener(req, res))
  const inLane = () => activator.proxyInLane.bind(activator)
  const port = await listen(
    createServer(withLane ? mcpLane(deps, observability, inLane, hono) : hono)
  )
  return { port, lines, metrics: observability.metrics, counted }
}

const both = { lane: serveManagerApp(true), hono: serveManagerApp(false) }

interface Exchange {
  method?: string
  path?: string
  headers?: Record<string, string>
  body?: string
  /** Sent without a length (chunked). */
  chunked?: boolean
}

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One request over its own connection; the whole answer. */
function exchange(port: number, e: Exchange): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = e.body === undefined ? undefined : Buffer.from(e.body)
    const out = request(
      {
        host: '127.0.0.1',
        port,
        method: e.method ?? 'POST',
        path: e.path ?? '/servers/weather/mcp',
        agent: false,
        headers: {
          ...(body && !e.chunked && { 'content-length': body.byteLength }),
          ...(body && { 'content-type': 'application/json' }),
          accept: 'application/json, text/event-stream',
          ...e.headers,
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
        res.once('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: text })
        )
      }
    )
    out.once('error', reject)
    // A body written before the end goes chunked: node would declare its length at end().
    if (e.chunked) out.write(body)
    out.end(e.chunked ? undefined : body)
  })
}

/** What a client sees of an answer: per-connection fields and the session's value left out. */
function seen(answer: Answer) {
  const { date: _d, connection: _c, 'keep-alive': _k, ...headers } = answer.headers
  delete headers['content-length']
  delete headers['transfer-encoding']
  if (headers['mcp-session-id']) headers['mcp-session-id'] = '(a session)'
  // hono labels an empty answer without a type text/plain; the lane leaves it without one.
  if (answer.body === '' && headers['content-type'] === 'text/plain; charset=UTF-8')
    delete headers['content-type']
  // An id made for a request that came without one differs at every request.
  const id = String(headers['x-request-id'])
  if (/^[0-9a-f-]{36}$/.test(id)) headers['x-request-id'] = '(made for it)'
  return { status: answer.status, headers, body: answer.body }
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const rpc = (message: object) => JSON.stringify({ jsonrpc: '2.0', ...message })
const INITIALIZE = JSON.stringify(INITIALIZE_MESSAGE)

/** A session opened on `port`'s manager, then a call with the given step. */
async function inSession(port: number, token = WRITER) {
  const opened = await exchange(port, { headers: auth(token), body: INITIALIZE })
  expect(opened.status).toBe(200)
  const session = { ...auth(token), 'mcp-session-id': String(opened.headers['mcp-session-id']) }
  const initialized = rpc({ method: 'notifications/initialized' })
  expect((await exchange(port, { headers: session, body: initialized })).status).toBe(202)
  return { opened, session }
}

describe("the manager's lane for MCP requests", () => {
  it('carries a session from initialize to its end itself, answering as hono does', async () => {
    const [lane, hono] = [await both.lane, await both.hono]
    const before = lane.counted.hono
    const answers = []
    for (const { port } of [lane, hono]) {
      const { opened, session } = await inSession(port)
      const call = rpc({
        id: 2,
        method: 'tools/call',
        params: { name: 'echo', arguments: { text: 'hello' } },
      })
      const called = await exchange(port, {
        headers: { ...session, 'x-request-id': 't-1' },
        body: call,
      })
      const ended = await exchange(port, { method: 'DELETE', headers: session })
      // The session is over on the pod: its id is unknown there now.
      const after = await exchange(port, { headers: session, body: call })
      answers.push([opened, called, ended, after].map(seen))
    }
    expect(answers[0]![1]).toMatchObject({ status: 200, headers: { 'x-request-id': 't-1' } })
    expect(answers[0]![1]!.body).toContain('hello')
    expect(answers[0]![2]!.status).toBe(200)
    expect(answers[0]![3]!.status).toBe(404)
    expect(answers[0]).toEqual(answers[1])
    // Every request of the session went through the lane, none through hono.
    expect(lane.counted.hono - before).toBe(0)
  })

  it.each<[string, Exchange | ((session: Record<string, string>) => Exchange)]>([
    ['no token', { body: INITIALIZE }],
    ['a wrong token', { headers: auth('x'.repeat(32)), body: INITIALIZE }],
    ['a caller without access to the server', { headers: auth(BILLING_ONLY), body: INITIALIZE }],
    [
      'a sleeping server',
      { path: '/servers/billing/mcp', headers: auth(READER), body: INITIALIZE },
    ],
    [
      'a malformed name',
      { path: '/servers/Not_A_Name/mcp', headers: auth(WRITER), body: INITIALIZE },
    ],
    [
      'a session id not issued here',
      { headers: { ...auth(WRITER), 'mcp-session-id': 'm1.forged' }, body: INITIALIZE },
    ],
    [
      'a session id of another caller',
      (session) => ({ headers: { ...session, ...auth(READER) }, body: INITIALIZE }),
    ],
    ['a body without a length', { headers: auth(WRITER), body: INITIALIZE, chunked: true }],
    ['a body over the limit', { headers: auth(WRITER), body: ' '.repeat(MAX_BODY_BYTES + 1) }],
    ['a HEAD', { method: 'HEAD', headers: auth(WRITER) }],
    ['a PUT', { method: 'PUT', headers: auth(WRITER), body: INITIALIZE }],
    [
      'a loop through a manager',
      { headers: { ...auth(WRITER), via: '1.1 mcp-lifecycle' }, body: INITIALIZE },
    ],
    [
      'a subscriptions/listen',
      (session) => ({
        headers: { ...session, 'mcp-method': 'subscriptions/listen' },
        body: rpc({ id: 3, method: 'subscriptions/listen' }),
      }),
    ],
  ])('leaves %s to hono, which answers as it always did', async (_case, made) => {
    const [lane, hono] = [await both.lane, await both.hono]
    const answers = []
    for (const { port, counted } of [lane, hono]) {
      const e = typeof made === 'function' ? made((await inSession(port)).session) : made
      const before = counted.hono
      answers.push(seen(await exchange(port, e)))
      expect(counted.hono - before).toBe(1)
    }
    expect(answers[0]).toEqual(answers[1])
  })

  it("answers a pod's refused answer itself: a 503 problem with Retry-After, as hono does", async () => {
    const [lane, hono] = [await both.lane, await both.hono]
    const before = lane.counted.hono
    const answers = []
    for (const { port } of [lane, hono]) {
      const e = {
        path: '/servers/redirecting/mcp',
        headers: { ...auth(WRITER), 'x-request-id': 't-2' },
        body: INITIALIZE,
      }
      answers.push(seen(await exchange(port, e)))
    }
    expect(answers[0]).toMatchObject({
      status: 503,
      headers: {
        'content-type': 'application/problem+json',
        'retry-after': '5',
        'x-request-id': 't-2',
      },
    })
    expect(answers[0]).toEqual(answers[1])
    expect(lane.counted.hono - before).toBe(0)
  })

  it('logs and counts a call it carries as hono does', async () => {
    const [lane, hono] = [await both.lane, await both.hono]
    for (const { port } of [lane, hono]) {
      const e = {
        path: '/servers/weather/mcp?x=1',
        headers: { ...auth(WRITER), 'x-request-id': 'log-me' },
        body: INITIALIZE,
      }
      expect((await exchange(port, e)).status).toBe(200)
    }
    const line = (lines: Record<string, unknown>[]) => {
      const { time: _time, ms: _ms, ...rest } = lines.find((l) => l.reqId === 'log-me')!
      return rest
    }
    expect(line(lane.lines)).toEqual(line(hono.lines))
    expect(line(lane.lines)).toMatchObject({
      method: 'POST',
      path: '/servers/weather/mcp',
      status: 200,
    })
    const counts = async (metrics: typeof lane.metrics) =>
      (await metrics.registry.metrics())
        .split('\n')
        .filter((l) => l.startsWith('mcpl_http_requests_total{') && l.includes('/mcp"'))
    expect(await counts(lane.metrics)).toEqual(await counts(hono.metrics))
  })

  it("passes a stream's events on as they come and closes the pod's request when the client goes away", async () => {
    const [{ port, counted }, { stream }] = [await both.lane, await pods]
    const before = { hono: counted.hono, closed: stream.closed }
    const { first, res } = await openEndlessStream(port)
    res.destroy()
    expect(first).toContain('"result":{}')
    await expect.poll(() => stream.closed, { timeout: 2000 }).toBe(before.closed + 1)
    expect(counted.hono - before.hono).toBe(0)
  })

  it("closes the pod's request of a stream it carries when the manager shuts down", async () => {
    const shutdown = new AbortController()
    const [{ port, counted }, { stream }] = [
      await serveManagerApp(true, shutdown.signal),
      await pods,
    ]
    const before = { hono: counted.hono, closed: stream.closed }
    const { first, res } = await openEndlessStream(port)
    expect(first).toContain('"result":{}')
    const ended = new Promise((resolve) => res.once('close', resolve))
    shutdown.abort()
    await expect.poll(() => stream.closed, { timeout: 2000 }).toBe(before.closed + 1)
    await ended
    expect(counted.hono - before.hono).toBe(0)
  })
})

/** An SSE stream from the endless pod through the manager at `port`: its first chunk. */
function openEndlessStream(port: number): Promise<{ first: string; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const out = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/servers/endless/mcp', agent: false },
      (res) => {
        res.setEncoding('utf8').once('data', (first: string) => resolve({ first, res }))
      }
    )
    out.setHeader('authorization', `Bearer ${WRITER}`)
    out.setHeader('content-type', 'application/json')
    out.setHeader('content-length', Buffer.byteLength(INITIALIZE))
    out.once('error', reject)
    out.end(INITIALIZE)
  })
}
