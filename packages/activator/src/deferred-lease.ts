import { setTimeout as delay } from 'node:timers/promises'
import type { PodSnapshot } from '@mcp-lifecycle/core'
import { deferredParams, type DeferredSessions } from './deferred-session.ts'
import type { PodTarget } from './forward-to-pod.ts'
import type { PodLease } from './pod-load.ts'
import { podUnreachable } from './proxy-errors.ts'
import type { ServerGate } from './server-gate.ts'
import type { SessionPin } from './session-token.ts'
import { openUpstreamSession } from './upstream-session.ts'

export interface DeferredRequest {
  name: string
  /** The deferred session id the client sent, and its pin. */
  id: string
  pin: SessionPin
  gate: ServerGate
  sessions: DeferredSessions
  /** A Ready pod, waking the server if it must (the caller's write access checked there). */
  readyPod: () => Promise<PodLease>
  target: (pod: PodSnapshot) => PodTarget
  timeoutMs: number
  signal: AbortSignal
}

/**
 * The pod and upstream session of a request in a deferred session: the ones it was bound to,
 * or, for its first request that needs the server, a Ready pod (woken if need be) on which the
 * client's own initialize opens the session, bound from then on. Undefined when the bound pod
 * is gone: the client gets 404, the spec's signal to initialize again.
 */
export async function leaseDeferred(
  d: DeferredRequest
): Promise<{ lease: PodLease; pin: SessionPin } | undefined> {
  const bound = d.sessions.get(d.id)
  if (bound) return pinnedTo(d, bound)
  const lease = await d.readyPod()
  const params = deferredParams(d.pin) ?? {}
  let upstream
  try {
    upstream = await d.sessions.bind(d.id, async () => ({
      podUid: lease.pod.uid,
      session: await openWithRetries(d, d.target(lease.pod), params),
    }))
  } catch (error) {
    lease.untrack()
    if (d.signal.aborted) throw error
    throw podUnreachable(d.name, `pod ${lease.pod.name} did not open the session.`)
  }
  if (upstream.podUid === lease.pod.uid) return { lease, pin: { ...d.pin, ...upstream } }
  // Another request of the session bound it first, maybe to another pod.
  lease.untrack()
  return pinnedTo(d, upstream)
}

function pinnedTo(d: DeferredRequest, upstream: { podUid: string; session: string }) {
  const lease = d.gate.pinnedPod(upstream.podUid)
  if (!lease) {
    d.sessions.forget(d.id)
    return undefined
  }
  return { lease, pin: { ...d.pin, ...upstream } }
}

/** Pause between tries while a just-Ready pod is not listening yet. */
const RETRY_MS = 100

/**
 * Opens the upstream session, trying again while the pod refuses or drops the connection (a
 * pod may be Ready before its process listens); an initialize sent twice leaves at most a
 * spare session on the pod.
 */
async function openWithRetries(
  d: DeferredRequest,
  target: PodTarget,
  params: Record<string, unknown>
): Promise<string> {
  const deadline = Date.now() + d.timeoutMs
  for (;;) {
    try {
      return await openUpstreamSession(d.gate.dispatcher, target, params, d)
    } catch (error) {
      if (d.signal.aborted || Date.now() + RETRY_MS > deadline || !droppedConnection(error)) {
        throw error
      }
      await delay(RETRY_MS)
    }
  }
}

function droppedConnection(error: unknown): boolean {
  const code = (e: unknown) => (e as { code?: unknown } | undefined)?.code
  const codes = [code(error), code((error as { cause?: unknown })?.cause)]
  return codes.includes('ECONNREFUSED') || codes.includes('UND_ERR_SOCKET')
}
