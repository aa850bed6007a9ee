import type { CallHeaders } from './proxy-call.ts'

/** A JSON-RPC id as a client may send it. */
export type JsonRpcId = string | number

/**
 * The id of a 2026-07-28 `subscriptions/listen` request, or undefined for anything else. Both
 * the `Mcp-Method` header and the body must say so: a 2025 server does not check the header
 * against the body, and a call passed off as a listen would not count as activity.
 */
export function listenRequestId(
  method: string,
  headers: CallHeaders,
  body: Uint8Array | undefined
): JsonRpcId | undefined {
  if (method !== 'POST' || headers.get('mcp-method') !== 'subscriptions/listen' || !body) return
  let message: unknown
  try {
    message = JSON.parse(new TextDecoder().decode(body))
  } catch {
    return undefined
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return
  const { jsonrpc, method: called, id } = message as Record<string, unknown>
  if (jsonrpc !== '2.0' || called !== 'subscriptions/listen') return
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : undefined
}
