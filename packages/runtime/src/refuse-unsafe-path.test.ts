import { serve, type ServerType } from '@hono/node-server'
import { createBaseApp, type HandlerDeps } from '@mcp-lifecycle/http-kit'
import { connect, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refuseUnsafePath } from './refuse-unsafe-path.ts'

// Over a real socket, with the request target written by hand: clients (and fetch) resolve dot
// segments before sending, as the attacker's raw request does not. A raw backslash never gets
// here: Node's HTTP parser refuses it.
let server: ServerType
let port: number

beforeAll(async () => {
  const app = createBaseApp({} as HandlerDeps)
    .use(refuseUnsafePath())
    .get('/healthz', (c) => c.text('healthz'))
    .get('/servers/:name', (c) => c.text(`server ${c.req.param('name')}`))
    .post('/scale', (c) => c.text('scale'))
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => void server.close())

/** Sends one request with `target` as written; answers the status line, content type and body. */
function sendRaw(method: string, target: string) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('error', reject)
    socket.on('end', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n')
      const type = /content-type: ([^\r\n]*)/i.exec(head)?.[1] ?? ''
      resolve({ status: Number(head.split(' ')[1]), type, body })
    })
    socket.write(
      `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`
    )
  })
}

describe('refuseUnsafePath', () => {
  it.each([
    ['POST', '/servers/%2e%2e/scale'],
    ['POST', '/servers/%2E%2E/scale'],
    ['POST', '/servers/.%2e/scale'],
    ['POST', '/servers/../scale'],
    ['GET', '/servers/%2e/healthz'],
    ['GET', '/servers/x%2f..%2f..%2fhealthz'],
    ['GET', '/servers/x%5c..%5chealthz'],
    ['GET', '/servers/%zz'],
  ])('refuses %s %s with a 400 problem naming the path', async (method, target) => {
    const answer = await sendRaw(method, target)
    expect(answer.status).toBe(400)
    expect(answer.type).toBe('application/problem+json')
    expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ field: 'path' }] })
  })

  it.each([
    ['/healthz', 'healthz'],
    ['/servers/mcp-github', 'server mcp-github'],
    ['/servers/a.b?x=../..', 'server a.b'],
    ['/servers/..a', 'server ..a'],
  ])('passes %s to its route', async (target, body) => {
    expect(await sendRaw('GET', target)).toMatchObject({ status: 200, body })
  })
})
