// A second floor of the proxy's overhead in the hot-path benchmark: the smallest proxy on the
// manager's own stack (hono on @hono/node-server, undici to the pod, the answer as a fetch
// Response, an SSE body streamed through a web stream) with no checks at all: what the
// framework alone costs over bare-proxy.ts. `node bench/hono-proxy.ts <origin>`, PORT from the
// environment.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { Readable } from 'node:stream'
import { Agent } from 'undici'

const origin = new URL(process.argv[2]!).origin
const agent = new Agent()
// Per connection, as a proxy must not pass them on.
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding'])

const app = new Hono()
app.get('/healthz', (c) => c.text('ok'))
app.all('/*', async (c) => {
  const headers: Record<string, string> = {}
  c.req.raw.headers.forEach((value, key) => {
    if (!HOP_BY_HOP.has(key)) headers[key] = value
  })
  const body = c.req.method === 'POST' ? new Uint8Array(await c.req.arrayBuffer()) : null
  const answer = await agent.request({
    origin,
    path: c.req.path,
    method: c.req.method as 'POST',
    headers,
    body,
    signal: c.req.raw.signal,
  })
  const out = new Headers()
  for (const [key, value] of Object.entries(answer.headers))
    if (typeof value === 'string' && !HOP_BY_HOP.has(key)) out.set(key, value)
  const stream = (out.get('content-type') ?? '').includes('text/event-stream')
  const relayed = stream
    ? (Readable.toWeb(answer.body) as unknown as ReadableStream<Uint8Array>)
    : new Uint8Array(await answer.body.arrayBuffer())
  return new Response(relayed, { status: answer.statusCode, headers: out })
})
serve({
  fetch: app.fetch,
  port: Number(process.env.PORT),
  hostname: process.env.HOST ?? '127.0.0.1',
})
