import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { getRequestListener } from '@hono/node-server'
import { createTokenAuthenticator } from '@mcp-lifecycle/auth'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { createListApp, createStatusApp } from '@mcp-lifecycle/handlers'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { createMetrics } from '@mcp-lifecycle/observability'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { composeApp } from './compose-app.ts'
import { readLane, type RequestListener } from './read-lane.ts'

const WRITER = 'w'.repeat(32)
const WEATHER_ONLY = 'r'.repeat(32)
const dir = mkdtempSync(join(tmpdir(), 'read-lane-'))
const tokensFile = join(dir, 'tokens.json')
writeFileSync(
  tokensFile,
  JSON.stringify({
    tokens: [
      { id: 'writer', scope: 'write', token: WRITER },
      { id: 'weather-reader', scope: 'read', servers: 'weather*', token: WEATHER_ONLY },
    ],
  })
)
const tokens = createTokenAuthenticator(tokensFile, () => {})
const servers: Server[] = []
afterAll(async () => {
  tokens.close()
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
})

/** The manager's app over node:http, with the lane in front of hono or not. */
async function serveManagerApp(withLane: boolean) {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()),
  })
  const observability = { logger: pino({ level: 'info' }, sink), metrics: createMetrics() }
  const backend = new MemoryBackend([
    { name: 'weather', replicas: 1 },
    { name: 'billing', replicas: 0 },
  ])
  const deps: HandlerDeps = {
    backend,
    authenticator: (authorization) => tokens.authenticate(authorization),
  }
  const app = composeApp(deps, [createListApp(deps), createStatusApp(deps)], observability)
  const counted = { hono: 0 }
  const honoListener = getRequestListener(app.fetch)
  const hono: RequestListener = (req, res) => (counted.hono++, void honoListener(req, res))
  const server = createServer(withLane ? readLane(deps, observability, hono) : hono)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return { port, lines, metrics: observability.metrics, counted }
}

/** The raw HTTP answer to `request`, Date removed (it differs by the second). */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request))
    let answer = ''
    socket.on('data', (chunk) => (answer += String(chunk)))
    socket.on('end', () => resolve(answer.replace(/^Date: .*\r\n/im, '')))
    socket.on('error', reject)
  })
}

const get = (path: string, headers: string[]) =>
  [`GET ${path} HTTP/1.1`, 'Host: manager', 'Connection: close', ...headers, '', ''].join('\r\n')

const bearer = (token: string) => `Authorization: Bearer ${token}`

const both = { lane: serveManagerApp(true), hono: serveManagerApp(false) }

describe("the manager's lane for reads", () => {
  it.each([
    ['allowed', '/servers/weather', [bearer(WRITER)], 0],
    ['allowed by pattern', '/servers/weather', [bearer(WEATHER_ONLY)], 0],
    ['forbidden', '/servers/billing', [bearer(WEATHER_ONLY)], 1],
    ['unknown', '/servers/nowhere', [bearer(WRITER)], 1],
    ['malformed', '/servers/Not_A_Name', [bearer(WRITER)], 1],
    ['unsafe', '/servers/%2e%2e', [bearer(WRITER)], 1],
    ['no token', '/servers/weather', [], 1],
    ['a wrong token', '/servers/weather', [bearer('x'.repeat(32))], 1],
    ['two tokens', '/servers/weather', [bearer(WRITER), bearer(WRITER)], 1],
    ['a body', '/servers/weather', [bearer(WRITER), 'Content-Length: 2'], 1],
    ['a query', '/servers/weather?x=1', [bearer(WRITER)], 1],
    ['another route', '/healthz', [bearer(WRITER)], 1],
    ['the list', '/servers', [bearer(WRITER)], 0],
    ['the list by pattern', '/servers', [bearer(WEATHER_ONLY)], 0],
    ['the list without a token', '/servers', [], 1],
    ['the list with a query', '/servers?watch=false', [bearer(WRITER)], 1],
    ['the list with a bad query', '/servers?watch=maybe', [bearer(WRITER)], 1],
  ])(
    'answers %s exactly as hono does: status, headers, body (%s)',
    async (_case, path, headers, toHono) => {
      const [lane, hono] = [await both.lane, await both.hono]
      const sent = [...headers, 'X-Request-Id: trace-1']
      const before = lane.counted.hono
      const body = sent.some((h) => h.startsWith('Content-Length')) ? '{}' : ''
      const viaLane = await rawExchange(lane.port, get(path, sent) + body)
      const viaHono = await rawExchange(hono.port, get(path, sent) + body)
      expect(viaLane.split('\r\n', 1)[0]).toMatch(/^HTTP\/1\.1 \d{3}/)
      expect(viaLane).toBe(viaHono)
      // The lane took the plain 200 reads itself; hono answered everything else.
      expect(lane.counted.hono - before).toBe(toHono)
    }
  )

  it('logs and counts a read it answers as hono does', async () => {
    const [lane, hono] = [await both.lane, await both.hono]
    for (const { port } of [lane, hono])
      await rawExchange(port, get('/servers/weather', [bearer(WRITER), 'X-Request-Id: log-me']))
    const line = (lines: Record<string, unknown>[]) => {
      const { time: _time, ms: _ms, ...rest } = lines.find((l) => l.reqId === 'log-me')!
      return rest
    }
    expect(line(lane.lines)).toEqual(line(hono.lines))
    expect(line(lane.lines)).toMatchObject({ method: 'GET', path: '/servers/weather', status: 200 })
    const counts = async (metrics: typeof lane.metrics) =>
      (await metrics.registry.metrics())
        .split('\n')
        .filter((l) => l.startsWith('mcpl_http_requests_total{'))
    expect(await counts(lane.metrics)).toEqual(await counts(hono.metrics))
  })

  it('answers a fresh request id when none or a malformed one is sent, as hono does', async () => {
    const { port } = await both.lane
    for (const sent of [[], ['X-Request-Id: has spaces in it']]) {
      const answer = await rawExchange(port, get('/servers/weather', [bearer(WRITER), ...sent]))
      expect(answer).toMatch(/^HTTP\/1\.1 200/)
      expect(answer).toMatch(/^x-request-id: [0-9a-f-]{36}\r$/im)
    }
  })
})
