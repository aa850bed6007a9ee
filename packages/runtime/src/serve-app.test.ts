import type { ServerType } from '@hono/node-server'
import { createBaseApp, type HandlerDeps } from '@mcp-lifecycle/http-kit'
import { streamSSE } from 'hono/streaming'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRuntime } from './create-runtime.ts'
import { serveApp } from './serve-app.ts'
import { writeTestKubeconfig } from './testing/write-kubeconfig.ts'

// The front door as an entry point serves it, over real sockets from several loopback
// addresses (127.0.0.0/8 is all loopback on Linux): issue 26's slowloris held connections
// until the file descriptors ran out, /healthz included.
const kubeconfig = writeTestKubeconfig('mcpl-serve-app-')

let server: ServerType
let port: number
const sockets: Socket[] = []

beforeAll(async () => {
  const runtime = createRuntime({
    KUBECONFIG: kubeconfig,
    MCPL_AUTH: 'none',
    PORT: '0',
    MCPL_LOG_LEVEL: 'silent',
    MCPL_MAX_CONNECTIONS: '20', // the last 2 for addresses holding none
    MCPL_MAX_CONNECTIONS_PER_ADDRESS: '3',
    MCPL_HEADERS_TIMEOUT_SECONDS: '1',
    MCPL_REQUEST_TIMEOUT_SECONDS: '2',
  })
  const app = createBaseApp({ logError: () => {} } as unknown as HandlerDeps)
    .get('/healthz', (c) => c.text('ok'))
    .post('/echo', async (c) => c.text(await c.req.text()))
    .get('/stream', (c) =>
      // Longer than the request deadline: only receiving the request is bounded.
      streamSSE(c, async (stream) => {
        for (let i = 0; i < 7; i++) {
          await stream.writeSSE({ data: String(i) })
          await stream.sleep(500)
        }
      })
    )
  server = serveApp(app, runtime, 'test')
  await new Promise((resolve) => server.once('listening', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => void server.close())
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  // The server counts a connection out on its own 'close'.
  await new Promise((resolve) => setTimeout(resolve, 100))
})

interface Client {
  socket: Socket
  closed: () => boolean
  received: () => string
}

/** A connection from `from`, once connected; it sends nothing unless told to. */
async function open(from: string): Promise<Client> {
  const socket = connect({ port, host: '127.0.0.1', localAddress: from })
  sockets.push(socket)
  let closed = false
  let received = ''
  socket.on('close', () => (closed = true))
  socket.on('error', () => {})
  socket.on('data', (chunk) => (received += chunk))
  await new Promise((resolve) => socket.once('connect', resolve))
  // Let the server's accept run before the next connection is opened.
  await new Promise((resolve) => setTimeout(resolve, 20))
  return { socket, closed: () => closed, received: () => received }
}

/** One GET on a fresh connection from `from`; the status, or 'closed' if refused. */
async function get(from: string, path = '/healthz'): Promise<number | 'closed'> {
  const client = await open(from)
  client.socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`
  )
  await expect.poll(client.closed, { timeout: 5000 }).toBe(true)
  const status = /^HTTP\/1.1 (\d+)/.exec(client.received())?.[1]
  return status ? Number(status) : 'closed'
}

describe('serveApp: connections', () => {
  it('closes a connection over the per-address cap at once; other addresses are served', async () => {
    const held = [await open('127.0.0.2'), await open('127.0.0.2'), await open('127.0.0.2')]
    const fourth = await open('127.0.0.2')
    await expect.poll(fourth.closed).toBe(true)
    expect(held.map((c) => c.closed())).toEqual([false, false, false])
    expect(await get('127.0.0.1')).toBe(200)
  })

  it('keeps the last slots for addresses that hold none: /healthz still answers', async () => {
    // 18 of 20 taken by six addresses, three each.
    for (let a = 10; a < 16; a++) for (let i = 0; i < 3; i++) await open(`127.0.0.${a}`)
    const taken = await open('127.0.0.10')
    await expect.poll(taken.closed).toBe(true) // its own cap
    const reserveTaker = await open('127.0.0.20') // holds none: gets a reserved slot
    const second = await open('127.0.0.20') // now holds one: the reserve is not for it
    await expect.poll(second.closed).toBe(true)
    expect(reserveTaker.closed()).toBe(false)
    expect(await get('127.0.0.1')).toBe(200) // the last slot
    const full = [await open('127.0.0.30'), await open('127.0.0.30')]
    full.push(await open('127.0.0.31'))
    // The health probe's connection closed; one of these takes its slot, the rest are refused.
    await expect.poll(() => full.filter((c) => c.closed()).length).toBe(2)
  })
})

describe('serveApp: request deadlines', () => {
  it('closes a connection whose headers never end', async () => {
    const client = await open('127.0.0.3')
    client.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `)
    await expect.poll(client.closed, { timeout: 5000 }).toBe(true)
  })

  it('answers 408 and closes when the body comes too slowly', async () => {
    const client = await open('127.0.0.4')
    client.socket.write(
      `POST /echo HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 10\r\n\r\nab`
    )
    await expect.poll(client.closed, { timeout: 6000 }).toBe(true)
    expect(client.received()).toMatch(/^HTTP\/1.1 408/)
  })

  it('keeps streaming an answer that outlasts the request deadline', async () => {
    const client = await open('127.0.0.5')
    client.socket.write(
      `GET /stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`
    )
    // The whole stream arrives, ended by the last chunk, not cut by the deadline.
    await expect.poll(client.received, { timeout: 8000 }).toMatch(/data: 6\n\n\r\n0\r\n\r\n$/)
    expect(client.received()).toMatch(/^HTTP\/1.1 200/)
  }, 10_000)
})
