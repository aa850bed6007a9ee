import type { DeploymentSnapshot } from '@mcp-lifecycle/core'
import { discoveryCallOf } from './discovery-call.ts'
import type { DiscoveryKeeper } from './discovery-keeper.ts'
import { deferredParams, issueDeferredSession, type DeferredSessions } from './deferred-session.ts'
import type { SessionCodec, SessionPin } from './session-token.ts'
import type { ProxyCall } from './proxy-call.ts'
import { podsAnswer } from './pods-answer.ts'

/** What answering a 2025-11-25 client without waking needs. */
export interface LegacyAsleep {
  keeper: DiscoveryKeeper
  codec: SessionCodec
  deferred: DeferredSessions
}

export interface LegacyRequest {
  call: ProxyCall
  name: string
  principal: string
  deployment: DeploymentSnapshot
  pinned: SessionPin | undefined
  incoming: string | undefined
}

const MAX_PEEKED_BODY_BYTES = 64 * 1024

/**
 * Answers a 2025-11-25 request without waking the server, when it can:
 * - an `initialize` while no pod is Ready, from the kept answer, with a deferred session id;
 * - in a deferred session not yet bound to a pod: its notifications (202), its end (DELETE),
 *   its standalone stream (405: none until the server runs), and the kept lists while no pod
 *   is Ready.
 * Undefined otherwise: the request goes on, and a deferred session is bound as it wakes.
 */
export async function answerLegacyAsleep(
  l: LegacyAsleep,
  r: LegacyRequest
): Promise<Response | undefined> {
  const deferred = r.pinned && deferredParams(r.pinned) && !l.deferred.get(r.incoming!)
  if (r.pinned && !deferred) return undefined
  const method = r.call.method
  if (deferred && method === 'DELETE') return new Response(null, { status: 204 })
  if (deferred && method === 'GET') {
    return new Response(null, { status: 405, headers: { allow: 'POST, DELETE' } })
  }
  // A server awake outside a deferred session is the pod's to answer: its body is not read here.
  if (!deferred && podsAnswer(r.deployment)) return undefined
  const message = await peekJson(r.call)
  if (deferred && message && message.id === undefined && typeof message.method === 'string') {
    return new Response(null, { status: 202 })
  }
  if (podsAnswer(r.deployment) || !message) return undefined
  const call = discoveryCallOf(message.raw, r.call.headers)
  // Without a session only an initialize is answered; in a deferred session anything else.
  const expected = deferred ? call?.method !== 'initialize' : call?.method === 'initialize'
  if (!call || call.modern || !expected) return undefined
  const kept = await l.keeper.answer(r.name, r.deployment, call, r.principal)
  if (!kept) return undefined
  const headers = new Headers()
  if (call.method === 'initialize') {
    const id = issueDeferredSession(l.codec, r.name, r.principal, call.params)
    if (!id) return undefined
    headers.set('mcp-session-id', id)
  }
  return Response.json({ jsonrpc: '2.0', id: call.id, result: kept.result }, { headers })
}

/** A small JSON-RPC message in the body (never a batch), read once Hono keeps it. */
async function peekJson(call: ProxyCall) {
  if (call.method !== 'POST') return undefined
  const declared = Number(call.headers.get('content-length') ?? undefined)
  if (!(declared > 0 && declared <= MAX_PEEKED_BODY_BYTES)) return undefined
  const raw = await call.body()
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(raw))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
    const { id, method } = parsed as { id?: unknown; method?: unknown }
    return { id, method, raw }
  } catch {
    return undefined
  }
}
