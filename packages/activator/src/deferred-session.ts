import type { SessionCodec, SessionPin } from './session-token.ts'

/** The pod a deferred session is pinned to: none yet (no Kubernetes UID looks like this). */
export const NO_POD_YET = 'deferred'
const PREFIX = 'd.'
/** Client initialize params larger than this are not deferred: the request wakes the server. */
const MAX_PARAMS_BYTES = 600

/** Where a deferred session went once its server woke: a pod and the pod's own session. */
export interface UpstreamSession {
  podUid: string
  /** The pod's session id; '' from a stateless server (no Mcp-Session-Id). */
  session: string
}

/**
 * A 2025-11-25 session the manager opened itself for a sleeping server, from a kept
 * `initialize` answer: its id is a pin (signed, bound to the server and the caller) to no pod
 * yet, carrying the client's own initialize params, replayed upstream when the server wakes.
 * Undefined when the params are too large to carry.
 */
export function issueDeferredSession(
  codec: SessionCodec,
  server: string,
  principal: string,
  params: Record<string, unknown>
): string | undefined {
  const carried = Buffer.from(JSON.stringify(params)).toString('base64url')
  if (carried.length > MAX_PARAMS_BYTES) return undefined
  return codec.wrap({ server, principal, podUid: NO_POD_YET, session: PREFIX + carried })
}

/** The client's initialize params a deferred pin carries; undefined for a pin to a pod. */
export function deferredParams(pin: SessionPin): Record<string, unknown> | undefined {
  if (pin.podUid !== NO_POD_YET || !pin.session.startsWith(PREFIX)) return undefined
  try {
    const params: unknown = JSON.parse(
      Buffer.from(pin.session.slice(PREFIX.length), 'base64url').toString()
    )
    return typeof params === 'object' && params !== null && !Array.isArray(params)
      ? (params as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** Bound on the deferred sessions bound to a pod that this manager replica remembers. */
const MAX_BOUND = 10_000

/**
 * The upstream session each deferred session was bound to, in this replica (another replica,
 * or this one after a restart, opens its own with the same params). Bounded: past the bound
 * the oldest binding is forgotten, and its client's next request opens a new one.
 */
export class DeferredSessions {
  private readonly bound = new Map<string, UpstreamSession>()
  private readonly binding = new Map<string, Promise<UpstreamSession>>()

  get(id: string): UpstreamSession | undefined {
    return this.bound.get(id)
  }

  /** Binds `id` once, however many of its requests ask at the same time. */
  async bind(id: string, open: () => Promise<UpstreamSession>): Promise<UpstreamSession> {
    const known = this.bound.get(id) ?? this.binding.get(id)
    if (known) return known
    const opening = open()
    this.binding.set(id, opening)
    try {
      const upstream = await opening
      if (this.bound.size >= MAX_BOUND) this.bound.delete(this.bound.keys().next().value!)
      this.bound.set(id, upstream)
      return upstream
    } finally {
      this.binding.delete(id)
    }
  }

  /** The session ended (DELETE) or its pod went away. */
  forget(id: string): void {
    this.bound.delete(id)
  }
}
