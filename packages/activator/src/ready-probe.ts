import type { Dispatcher } from 'undici'
import type { PodTarget } from './forward-to-pod.ts'
import { readLimited } from './read-limited.ts'

export const MODERN_REVISION = '2026-07-28'
export const LEGACY_REVISION = '2025-11-25'

/** The first MCP request of a 2026-07-28 client: discovery, with the per-request _meta. */
const DISCOVER = {
  jsonrpc: '2.0',
  id: 1,
  method: 'server/discover',
  params: {
    _meta: {
      'io.modelcontextprotocol/protocolVersion': MODERN_REVISION,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'mcp-lifecycle-ready-check', version: '1' },
    },
  },
}

/** What a 2025 client sends first; the session it may create is deleted at once. */
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: LEGACY_REVISION,
    capabilities: {},
    clientInfo: { name: 'mcp-lifecycle-ready-check', version: '1' },
  },
}

const ACCEPT = 'application/json, text/event-stream'

export interface ProbeOptions {
  /** Bound on one probe (both requests, bodies included). */
  timeoutMs: number
  /** Aborts the probe (the gate closing). */
  signal: AbortSignal
}

/**
 * True when the pod's MCP endpoint answers an MCP request: `server/discover` (2026-07-28), else
 * `initialize` (2025-11-25), each a 2xx with a JSON-RPC result (JSON or SSE). A session the
 * initialize creates is deleted (best effort), never handed to a client. Never throws: a
 * refused connection, a timeout or an error answer are all false.
 */
export async function probeMcp(
  dispatcher: Dispatcher,
  target: PodTarget,
  options: ProbeOptions
): Promise<boolean> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)])
  const modern = await post(dispatcher, target, signal, DISCOVER, {
    'mcp-protocol-version': MODERN_REVISION,
    'mcp-method': 'server/discover',
  })
  if (modern.ok) return true
  if (signal.aborted) return false
  const legacy = await post(dispatcher, target, signal, INITIALIZE, {})
  if (legacy.session) {
    await dispatcher
      .request({
        origin: target.origin,
        path: target.path,
        method: 'DELETE',
        headers: { 'mcp-session-id': legacy.session, 'mcp-protocol-version': LEGACY_REVISION },
        signal,
      })
      .then((response) => response.body.resume())
      .catch(() => {})
  }
  return legacy.ok
}

async function post(
  dispatcher: Dispatcher,
  target: PodTarget,
  signal: AbortSignal,
  message: { id: number },
  headers: Record<string, string>
): Promise<{ ok: boolean; session?: string }> {
  try {
    const response = await dispatcher.request({
      origin: target.origin,
      path: target.path,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify(message),
      signal,
    })
    const session = response.headers['mcp-session-id']
    const text = await readLimited(response.body)
    const ok =
      response.statusCode >= 200 &&
      response.statusCode < 300 &&
      text !== undefined &&
      answers(text, String(response.headers['content-type'] ?? ''), message.id)
    return { ok, ...(typeof session === 'string' && session && { session }) }
  } catch {
    return { ok: false }
  }
}

/** The answer holds a JSON-RPC result for `id`: a JSON body, or one of the SSE events. */
export function answers(text: string, contentType: string, id: number): boolean {
  const messages = contentType.includes('text/event-stream') ? sseData(text) : [text]
  return messages.some((data) => {
    try {
      const parsed = JSON.parse(data) as unknown
      const list = Array.isArray(parsed) ? parsed : [parsed]
      return list.some(
        (m) =>
          typeof m === 'object' &&
          m !== null &&
          (m as { id?: unknown }).id === id &&
          'result' in m &&
          !('error' in m)
      )
    } catch {
      return false
    }
  })
}

/** The data of each SSE event (multi-line data joined with newlines). */
export function sseData(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((event) =>
      event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n')
    )
    .filter(Boolean)
}
