import { Agent, createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { httpsFetch } from './https-fetch.ts'

// Real sockets on 127.0.0.1, plain HTTP (httpsFetch takes both; TLS with the kubeconfig's
// certificates is exercised against the real API server by the cluster tests).
const closers: (() => void)[] = []
afterEach(() => {
  for (const close of closers.splice(0)) close()
})

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => server.close())
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function serve(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const server = createServer(handler)
  closers.push(() => server.closeAllConnections())
  return listen(server)
}

function keptAgent() {
  const agent = new Agent({ keepAlive: true })
  closers.push(() => agent.destroy())
  return agent
}

class CallTimeout extends Error {
  override name = 'CallTimeout'
}

describe('httpsFetch', () => {
  it('sends the method, headers and body, and answers with the status, headers and body', async () => {
    const base = await serve((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk))
      request.on('end', () => {
        response.setHeader('content-type', 'application/json')
        response.setHeader(
          'x-seen',
          `${request.method} ${request.url} ${request.headers.authorization}`
        )
        response.statusCode = 201
        response.end(JSON.stringify({ body, length: request.headers['content-length'] }))
      })
    })
    const response = await httpsFetch(`${base}/apis/x?watch=false`, {
      method: 'PATCH',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/merge-patch+json' },
      body: '{"spec":{"replicas":1}}',
    })
    expect(response.status).toBe(201)
    expect(response.ok).toBe(true)
    expect(response.headers.get('x-seen')).toBe('PATCH /apis/x?watch=false Bearer t')
    expect(await response.json()).toEqual({ body: '{"spec":{"replicas":1}}', length: '23' })
  })

  it('keeps the connection of its agent for the next request', async () => {
    const sockets = new Set<unknown>()
    const base = await serve((request, response) => {
      sockets.add(request.socket)
      response.end('ok')
    })
    const agent = keptAgent()
    for (let i = 0; i < 3; i++) expect(await (await httpsFetch(base, { agent })).text()).toBe('ok')
    expect(sockets.size).toBe(1)
  })

  it("rejects with the signal's reason when aborted before the answer", async () => {
    let closed = false
    const base = await serve((request) => request.socket.on('close', () => (closed = true)))
    const controller = new AbortController()
    const pending = httpsFetch(base, { signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const reason = new CallTimeout('no answer')
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    await expect.poll(() => closed).toBe(true)
  })

  it("fails the body with the signal's reason when aborted while it streams (a watch)", async () => {
    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"type":"ADDED"}\n')
    })
    const controller = new AbortController()
    const response = await httpsFetch(`${base}/?watch=true`, { signal: controller.signal })
    const reader = response.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"type":"ADDED"}\n')
    const reason = new CallTimeout('stopped')
    controller.abort(reason)
    await expect(reader.read()).rejects.toBe(reason)
  })

  it('rejects an aborted signal before sending anything', async () => {
    let requests = 0
    const base = await serve((_request, response) => {
      requests++
      response.end()
    })
    const reason = new CallTimeout('already')
    await expect(httpsFetch(base, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(requests).toBe(0)
  })

  it("rejects a refused connection as fetch does: TypeError('fetch failed') with the cause", async () => {
    const server = createTcpServer()
    const base = await listen(server)
    server.close()
    const error = await httpsFetch(base).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toBe('fetch failed')
    expect(((error as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED')
  })

  it('answers a 204 with no body', async () => {
    const base = await serve((_request, response) => {
      response.statusCode = 204
      response.end()
    })
    const response = await httpsFetch(base, { method: 'DELETE' })
    expect(response.status).toBe(204)
    expect(response.body).toBeNull()
  })

  describe('when the body breaks or ends under its reader (an API server restarting during a watch)', () => {
    // Node 24.21's undici threw an uncaught ERR_INVALID_STATE / 'aborted' here and the reader
    // hung: the process died (issue 26, nodejs/undici#5715).
    async function breakingServer() {
      const connections: Socket[] = []
      const server = createTcpServer((socket) => {
        connections.push(socket)
        socket.on('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')
          socket.write('11\r\n{"type":"ADDED"}\n\r\n')
          setTimeout(() => socket.destroy(), 20)
        })
      })
      closers.push(() => connections.forEach((s) => s.destroy()))
      return listen(server)
    }

    const uncaught: unknown[] = []
    const record = (error: unknown) => uncaught.push(error)
    beforeEach(() => {
      uncaught.length = 0
      process.on('uncaughtException', record)
      process.on('unhandledRejection', record)
    })
    afterEach(() => {
      process.off('uncaughtException', record)
      process.off('unhandledRejection', record)
    })

    async function readAll(chunks: AsyncIterable<unknown>) {
      for await (const _chunk of chunks);
    }

    it.each([
      ['iterated', (body: ReadableStream<Uint8Array>) => readAll(body)],
      [
        'piped through a decoder, as readWatchEvents does',
        (body: ReadableStream<Uint8Array>) => readAll(body.pipeThrough(new TextDecoderStream())),
      ],
      ['read as text', (body: ReadableStream<Uint8Array>) => new Response(body).text()],
    ])('fails the body %s, and nothing is left uncaught', async (_how, read) => {
      const response = await httpsFetch(await breakingServer())
      await expect(read(response.body!)).rejects.toThrow()
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(uncaught).toEqual([])
    })

    // The crash itself: the API server ends a watch as it shuts down, while the reader cancels
    // (a watch loop giving up). undici 7.29's Response closed the cancelled stream again in a
    // microtask: an uncaught ERR_INVALID_STATE 'ReadableStream is already closed'.
    it('leaves nothing uncaught when a read is cancelled as the body ends', async () => {
      const connections: Socket[] = []
      const server = createTcpServer((socket) => {
        connections.push(socket)
        socket.on('data', () =>
          socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n')
        )
      })
      closers.push(() => connections.forEach((s) => s.destroy()))
      const response = await httpsFetch(await listen(server))
      await new Promise((resolve) => setTimeout(resolve, 50))
      const reader = response.body!.getReader()
      await reader.read()
      const last = reader.read()
      await Promise.resolve()
      await reader.cancel()
      expect((await last).done).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(uncaught).toEqual([])
    })

    it('leaves nothing uncaught when the body was cancelled before the break', async () => {
      const response = await httpsFetch(await breakingServer())
      const reader = response.body!.getReader()
      await reader.read()
      await reader.cancel()
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(uncaught).toEqual([])
    })
  })

  describe('when the server closed the kept-alive connection it reuses', () => {
    // The first connection answers one request and then drops the next one unanswered (as a
    // server closing an idle connection the moment a request is sent on it); later ones answer.
    async function droppingServer() {
      const connections: Socket[] = []
      let requests = 0
      const server = createTcpServer((socket) => {
        connections.push(socket)
        const first = connections.length === 1
        let answered = 0
        socket.on('data', () => {
          requests++
          if (first && answered === 1) {
            socket.destroy()
          } else {
            answered++
            socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok')
          }
        })
      })
      closers.push(() => connections.forEach((s) => s.destroy()))
      return { base: await listen(server), requests: () => requests, connections }
    }

    it('sends a GET again, once, on a new connection', async () => {
      const server = await droppingServer()
      const agent = keptAgent()
      expect(await (await httpsFetch(server.base, { agent })).text()).toBe('ok')
      expect(await (await httpsFetch(server.base, { agent })).text()).toBe('ok')
      expect(server.requests()).toBe(3)
      expect(server.connections).toHaveLength(2)
    })

    it('does not send a GET again when the connection breaks after its answer began', async () => {
      // The second request on the kept connection gets its head and part of its body, then a reset.
      const connections: Socket[] = []
      let requests = 0
      const server = createTcpServer((socket) => {
        connections.push(socket)
        const first = connections.length === 1
        socket.on('data', () => {
          requests++
          if (first && requests === 2) {
            socket.write(
              'HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: keep-alive\r\n\r\nok'
            )
            setTimeout(() => socket.resetAndDestroy(), 20)
          } else {
            socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok')
          }
        })
      })
      closers.push(() => connections.forEach((s) => s.destroy()))
      const base = await listen(server)
      const agent = keptAgent()
      await (await httpsFetch(base, { agent })).text()
      const answer = await httpsFetch(base, { agent })
      await expect(answer.text()).rejects.toThrow()
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(requests).toBe(2)
    })

    it('does not send a POST again: it fails as fetch does', async () => {
      const server = await droppingServer()
      const agent = keptAgent()
      await (await httpsFetch(server.base, { agent, method: 'POST', body: '{}' })).text()
      const error = await httpsFetch(server.base, { agent, method: 'POST', body: '{}' }).catch(
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(TypeError)
      expect(server.requests()).toBe(2)
    })
  })
})
