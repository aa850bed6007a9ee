import { serve, type ServerType } from '@hono/node-server'
import { createBaseApp, limitBody, type HandlerDeps } from '@mcp-lifecycle/http-kit'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Over a real socket: whether a body has a declared length is the HTTP parser's to say.
const LIMIT = 64
let server: ServerType
let port: number
let handled = 0

beforeAll(async () => {
  const app = createBaseApp({} as HandlerDeps)
    .use(limitBody(LIMIT))
    .get('/read', (c) => c.text('read'))
    .post('/echo', async (c) => {
      handled++
      return c.text(await c.req.text())
    })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => void server.close())

/** Sends `body` with a Content-Length, or chunked (in two writes) when `chunked`. */
function send(method: string, path: string, body: string, chunked = false) {
  return new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method, path }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode!, type: String(res.headers['content-type']), text })
      )
    })
    req.on('error', reject)
    if (chunked) {
      req.setHeader('transfer-encoding', 'chunked')
      req.write(body.slice(0, body.length / 2))
      req.end(body.slice(body.length / 2))
    } else {
      req.setHeader('content-length', Buffer.byteLength(body))
      req.end(body)
    }
  })
}

describe('limitBody', () => {
  it('passes a body within the limit to the handler, declared or chunked', async () => {
    expect(await send('POST', '/echo', 'x'.repeat(LIMIT))).toMatchObject({ status: 200 })
    const chunked = await send('POST', '/echo', 'y'.repeat(LIMIT), true)
    expect(chunked).toMatchObject({ status: 200, text: 'y'.repeat(LIMIT) })
  })

  it.each([
    ['a declared length', false],
    ['a chunked body', true],
  ])('refuses %s over the limit with a 413 problem, before the handler', async (_, chunked) => {
    const before = handled
    const answer = await send('POST', '/echo', 'z'.repeat(LIMIT + 1), chunked)
    expect(answer.status).toBe(413)
    expect(answer.type).toContain('application/problem+json')
    expect(JSON.parse(answer.text).detail).toBe(`The body exceeds ${LIMIT} bytes.`)
    expect(handled).toBe(before)
  })

  it('leaves the body of a GET alone: no route reads it', async () => {
    expect(await send('GET', '/read', 'g'.repeat(LIMIT + 1))).toMatchObject({
      status: 200,
      text: 'read',
    })
  })
})
