import type { Dispatcher } from 'undici'
import type { PodTarget } from './forward-to-pod.ts'
import { isValidPodSessionId } from './session-token.ts'
import { readLimited } from './read-limited.ts'
import { rpcResultOf } from './rpc-result.ts'

const ACCEPT = 'application/json, text/event-stream'

/**
 * Opens a 2025-11-25 session on the pod with the client's own initialize params, then sends
 * `notifications/initialized`, as the client did to the manager. The pod's session id ('' from
 * a stateless server); throws when the pod does not answer with a result within `timeoutMs`.
 */
export async function openUpstreamSession(
  dispatcher: Dispatcher,
  target: PodTarget,
  params: Record<string, unknown>,
  options: { timeoutMs: number; signal: AbortSignal }
): Promise<string> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)])
  const post = (body: object, headers: Record<string, string> = {}) =>
    dispatcher.request({
      origin: target.origin,
      path: target.path,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify(body),
      signal,
    })
  const response = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params })
  const text = await readLimited(response.body)
  const type = String(response.headers['content-type'] ?? '')
  const session = response.headers['mcp-session-id']
  const id = typeof session === 'string' ? session : ''
  if (response.statusCode !== 200 || !text || !rpcResultOf(text, type, 0)) {
    throw new Error(`the pod answered initialize with ${response.statusCode}`)
  }
  if (id && !isValidPodSessionId(id)) throw new Error('the pod answered a malformed session id')
  const version = typeof params.protocolVersion === 'string' ? params.protocolVersion : ''
  const initialized = await post(
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { ...(id && { 'mcp-session-id': id }), ...(version && { 'mcp-protocol-version': version }) }
  )
  await initialized.body.dump()
  return id
}
