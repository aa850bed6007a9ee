import { createMcpHandler, type McpServer } from '@modelcontextprotocol/server'
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { McpHttpHandler } from './mcp-http-handler.ts'

/**
 * Both eras on one endpoint, on the v2 SDK's createMcpHandler: a 2026-07-28 request (its `_meta`
 * envelope) is served statelessly, a 2025 one by a fresh server over the stateless legacy
 * fallback (no Mcp-Session-Id; GET and DELETE answer 405). The handler is fetch-shaped; this
 * adapts node:http to it.
 */
export function createBothErasHandler(createServer: () => McpServer): McpHttpHandler {
  const handler = createMcpHandler(() => createServer(), { legacy: 'stateless' })
  return {
    async handle(req, res) {
      // The client hanging up aborts the request (and, 2026-07-28, cancels its call).
      const hangUp = new AbortController()
      res.on('close', () => hangUp.abort())
      const response = await handler.fetch(await toRequest(req, hangUp.signal))
      const headers: Record<string, string | string[]> = {}
      response.headers.forEach((value, key) => {
        headers[key] = key === 'set-cookie' ? response.headers.getSetCookie() : value
      })
      res.writeHead(response.status, response.statusText, headers)
      if (!response.body) return void res.end()
      res.flushHeaders()
      await pipeline(Readable.fromWeb(response.body as never), res).catch(() => {})
    },
    close: () => handler.close(),
  }
}

async function toRequest(req: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  }
  const method = req.method ?? 'GET'
  let body: Buffer | undefined
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    body = Buffer.concat(chunks)
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`)
  return new Request(url, { method, headers, ...(body && { body }), signal })
}
