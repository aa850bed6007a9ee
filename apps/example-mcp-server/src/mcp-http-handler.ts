import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJsonRpcError } from './json-rpc-error.ts'
import type { Mode } from './options.ts'

export interface McpHttpHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Ends every session (and its open streams). */
  close(): Promise<void>
}

/** The MCP endpoint (POST, GET, DELETE) in either mode, on the SDK's Node transport. */
export function createMcpHttpHandler(
  mode: Exclude<Mode, 'both'>,
  createServer: () => McpServer
): McpHttpHandler {
  return mode === 'stateful'
    ? createStatefulHandler(createServer)
    : createStatelessHandler(createServer)
}

/**
 * 2025 sessions: initialize creates a transport (and a server) under a new Mcp-Session-Id; later
 * requests find theirs by that header. An unknown id answers 404, which tells a client to
 * initialize again (transports, Session Management); the SDK's v1 example answers 400 instead.
 */
function createStatefulHandler(createServer: () => McpServer): McpHttpHandler {
  const sessions = new Map<string, StreamableHTTPServerTransport>()
  return {
    async handle(req, res) {
      const sessionId = req.headers['mcp-session-id']
      if (typeof sessionId === 'string') {
        const transport = sessions.get(sessionId)
        if (!transport) return sendJsonRpcError(res, 404, -32001, 'Session not found')
        return transport.handleRequest(req, res)
      }
      const body = req.method === 'POST' ? await readJson(req) : undefined
      if (!isInitializeRequest(body)) {
        return sendJsonRpcError(
          res,
          400,
          -32000,
          'Bad Request: no Mcp-Session-Id; initialize first'
        )
      }
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => void sessions.set(id, transport),
      })
      // Set before connect, which chains it: DELETE or close() ends the session.
      transport.onclose = () => void (transport.sessionId && sessions.delete(transport.sessionId))
      await createServer().connect(transport)
      await transport.handleRequest(req, res, body)
    },
    async close() {
      await Promise.all([...sessions.values()].map((transport) => transport.close()))
    },
  }
}

/**
 * No sessions (as in revision 2026-07-28): a new server and transport per POST, gone when the
 * response ends. GET and DELETE answer 405, since there is no session to stream or end.
 */
function createStatelessHandler(createServer: () => McpServer): McpHttpHandler {
  return {
    async handle(req, res) {
      if (req.method !== 'POST') {
        return sendJsonRpcError(res, 405, -32000, 'Method not allowed: stateless server', {
          allow: 'POST',
        })
      }
      const server = createServer()
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
      // A client that hangs up cancels its call (the tool's signal aborts).
      res.on('close', () => void server.close())
      await server.connect(transport)
      await transport.handleRequest(req, res)
    },
    async close() {},
  }
}

const MAX_BODY_BYTES = 1_000_000

/** The parsed body, or undefined when it is not JSON (the caller then answers 400). */
async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = ''
  for await (const chunk of req) {
    text += chunk
    if (text.length > MAX_BODY_BYTES) return undefined
  }
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
