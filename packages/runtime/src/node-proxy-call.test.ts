import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { fetchHeaders } from './fetch-header.ts'
import { nodeProxyCall } from './node-proxy-call.ts'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
let handle: Handler = () => {}
const server = createServer((req, res) => handle(req, res))
const port = new Promise<number>((resolve) =>
  server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
)
afterAll(() => {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(resolve))
})

const callOf = (req: IncomingMessage, res: ServerResponse, shutdown?: AbortSignal) =>
  nodeProxyCall(
    req,
    res,
    { headers: fetchHeaders(req.rawHeaders), requestId: 'r', principal: undefined },
    shutdown
  )

/** Sends headers and part of a declared body, then `then(out)`. */
async function postPart(then: (out: ReturnType<typeof request>) => void) {
  const out = request({
    host: '127.0.0.1',
    port: await port,
    method: 'POST',
    path: '/servers/s/mcp',
    headers: { 'content-length': 10 },
  })
  out.on('error', () => {})
  out.write('12345')
  then(out)
}

describe('nodeProxyCall', () => {
  it('reads a body sent in parts whole', async () => {
    const body = new Promise<Uint8Array>((resolve) => {
      handle = (req, res) => void callOf(req, res).body().then(resolve)
    })
    await postPart((out) => setTimeout(() => out.end('67890'), 20))
    expect(Buffer.from(await body).toString()).toBe('1234567890')
  })

  it('refuses a body whose client went away before it was asked for', async () => {
    const read = new Promise<unknown>((resolve) => {
      handle = (req, res) => {
        // Asked for only once the request is closed, as after a slow authentication.
        req.once('close', () => void callOf(req, res).body().then(resolve, resolve))
      }
    })
    await postPart((out) => setTimeout(() => out.destroy(), 20))
    expect(String(await read)).toMatch(/went away before its body ended/)
  })

  it("aborts the call's signal at the shutdown, and no longer listens once the call is over", async () => {
    const shutdown = new AbortController()
    const seen = new Promise<{ aborted: boolean; reason: unknown }>((resolve) => {
      handle = (req, res) => {
        const call = callOf(req, res, shutdown.signal)
        call.signal.addEventListener('abort', () =>
          resolve({ aborted: true, reason: call.signal.reason })
        )
        shutdown.abort(new Error('shutting down'))
      }
    })
    await postPart(() => {})
    expect(String((await seen).reason)).toBe('Error: shutting down')

    const later = new AbortController()
    const finished = new Promise<AbortSignal>((resolve) => {
      handle = (req, res) => {
        const call = callOf(req, res, later.signal)
        const signal = call.signal
        req.resume().once('end', () => res.end('ok', () => setImmediate(() => resolve(signal))))
      }
    })
    await postPart((out) => out.end('67890'))
    const signal = await finished
    later.abort()
    expect(signal.aborted).toBe(false)
  })
})
