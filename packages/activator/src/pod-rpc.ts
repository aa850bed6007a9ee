import type { Dispatcher } from 'undici'
import type { PodTarget } from './forward-to-pod.ts'
import { readLimited } from './read-limited.ts'
import { rpcResultOf } from './rpc-result.ts'

/** One of the manager's own requests to a pod: where, bounded by what, and in which session. */
export interface PodRpc {
  dispatcher: Dispatcher
  target: PodTarget
  /** Bounds every request (the caller's deadline, the gate closing). */
  signal: AbortSignal
  /** An answer larger than this is not read further, and counts as none. */
  maxAnswerBytes: number
}

export interface PodAnswer {
  /** The JSON-RPC result, when the pod answered 2xx with one for the request's id. */
  result?: Record<string, unknown>
  /** The session the pod created (`Mcp-Session-Id`), if any. */
  session?: string
}

const ACCEPT = 'application/json, text/event-stream'

/**
 * POSTs one JSON-RPC message to the pod's MCP endpoint and reads its answer (JSON or SSE),
 * bounded in time and size. Never throws: a refused connection, a timeout, an error answer or
 * one too large are an answer without a result. A notification (no id) is sent, not read.
 */
export async function postToPod(
  rpc: PodRpc,
  message: { id?: number; method: string; params?: Record<string, unknown> },
  headers: Record<string, string>
): Promise<PodAnswer> {
  try {
    const response = await rpc.dispatcher.request({
      origin: rpc.target.origin,
      path: rpc.target.path,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', ...message }),
      signal: rpc.signal,
    })
    const header = response.headers['mcp-session-id']
    const session = typeof header === 'string' && header ? { session: header } : {}
    const ok = response.statusCode >= 200 && response.statusCode < 300
    if (!ok || message.id === undefined) {
      // Drained a little (the connection may serve again), else closed: never read in full.
      await response.body.dump({ limit: 16 * 1024 }).catch(() => {})
      return session
    }
    const text = await readLimited(response.body, rpc.maxAnswerBytes)
    const type = String(response.headers['content-type'] ?? '')
    const result = text === undefined ? undefined : rpcResultOf(text, type, message.id)
    return { ...session, ...(result && { result }) }
  } catch {
    return {}
  }
}

/** A DELETE's own bound: it is sent even when the requests before it ran out of time. */
const DELETE_TIMEOUT_MS = 1_000

/** Ends a session the manager opened on the pod (best effort, bounded on its own). */
export async function deleteSession(rpc: PodRpc, session: string, revision: string) {
  await rpc.dispatcher
    .request({
      origin: rpc.target.origin,
      path: rpc.target.path,
      method: 'DELETE',
      headers: { 'mcp-session-id': session, 'mcp-protocol-version': revision },
      signal: AbortSignal.timeout(DELETE_TIMEOUT_MS),
    })
    .then((response) => response.body.resume())
    .catch(() => {})
}
