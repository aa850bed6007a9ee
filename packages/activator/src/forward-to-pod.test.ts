import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forwardToPod } from './forward-to-pod.ts'
import { responseOf } from './pod-answer.ts'
import { WHOLE_ANSWER_BYTES } from './read-small-answer.ts'

// A real pod process stand-in on 127.0.0.1: a JSON answer with its length, or an SSE stream
// whose second event comes only after the test has read the first.
let pod: Server
let origin: string
let sendSecondEvent: () => void = () => {}
const agent = new Agent()

beforeAll(async () => {
  pod = createServer((req, res) => {
    req.resume()
    if (req.url === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('event: message\ndata: {"n":1}\n\n')
      sendSecondEvent = () => res.end('event: message\ndata: {"n":2}\n\n')
      return
    }
    const size = req.url === '/large' ? WHOLE_ANSWER_BYTES + 1 : 40
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { text: 'x'.repeat(size) } })
    if (req.url === '/chunked') {
      // As the MCP SDK answers: no length, the body in pieces.
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write(body.slice(0, 10))
      setTimeout(() => res.end(body.slice(10)), 5)
      return
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
    res.end(body)
  })
  await new Promise<void>((resolve) => pod.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(pod.address() as AddressInfo).port}`
})
afterAll(async () => {
  await agent.close()
  pod.close()
})

/** Forwards a POST to `path`; `done` turns true once the pod's answer is over. */
async function forward(path: string) {
  const state = { done: false }
  const answer = await forwardToPod(
    agent,
    { origin, path },
    {
      server: 'weather',
      method: 'POST',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: new TextEncoder().encode('{}'),
      session: undefined,
      requestId: undefined,
      wrapSession: (s) => s,
      signal: new AbortController().signal,
      onDone: () => (state.done = true),
    }
  )
  return { response: responseOf(answer), state }
}

describe('forwardToPod', () => {
  // Issue 29: every answer went through a web stream and out in several writes.
  it.each(['/json', '/chunked'])(
    'reads a small JSON answer (%s) whole, answers it with its length',
    async (path) => {
      const { response } = await forward(path)
      const text = await response.text()
      expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)))
      expect(JSON.parse(text)).toMatchObject({ result: { text: 'x'.repeat(40) } })
    }
  )

  it('streams an answer larger than WHOLE_ANSWER_BYTES', async () => {
    const { response, state } = await forward('/large')
    expect(response.headers.get('content-length')).toBeNull()
    const text = await response.text()
    expect(JSON.parse(text).result.text).toHaveLength(WHOLE_ANSWER_BYTES + 1)
    await expect.poll(() => state.done).toBe(true)
  })

  it('passes an SSE event on before the stream ends', async () => {
    const { response, state } = await forward('/sse')
    const reader = response.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    expect(first).toContain('"n":1')
    expect(response.headers.get('content-length')).toBeNull()
    expect(state.done).toBe(false)
    sendSecondEvent()
    let rest = ''
    for (let r = await reader.read(); !r.done; r = await reader.read())
      rest += new TextDecoder().decode(r.value)
    expect(rest).toContain('"n":2')
  })
})
