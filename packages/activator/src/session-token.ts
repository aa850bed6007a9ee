import { createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto'
import { LRUCache } from 'lru-cache'

/** What a pinned session id vouches for; every field is covered by its MAC. */
export interface SessionPin {
  /** The MCP server the session belongs to. */
  server: string
  /** The pod that created the session. */
  podUid: string
  /** Who opened it (the principal's id; empty without authentication). */
  principal: string
  /** The pod's own session id. */
  session: string
}

export interface SessionCodec {
  /** `m1.<key id>.<base64url(pod UID)>.<base64url(MAC)>.<the pod's session id>` */
  wrap(pin: SessionPin): string
  /**
   * The pod and session of a wrapped id presented for `server` by `principal`; undefined when
   * it is not one of ours, was issued for another server or caller, or is malformed.
   */
  unwrap(id: string, server: string, principal: string): SessionPin | undefined
}

const VERSION = 'm1'
/** Longer ids are refused before any work: a pin is under 100 characters plus the pod's id. */
export const MAX_SESSION_ID_LENGTH = 1024
/** MCP: a session id is visible ASCII (0x21 to 0x7E). */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/
/** Ids wrapped and verified that a codec remembers (the most recently used). */
const REMEMBERED_IDS = 1024

/**
 * Pins MCP sessions to the pod that created them without a shared store: the pod's UID travels
 * in the session id the client sends back. The MAC covers the format version, the key, the
 * server, the pod, the caller and the pod's session id, so a client can neither steer requests
 * to a pod of its choosing, nor replay another caller's session, nor graft a pin onto another
 * server or session. Any manager replica with the same secret can route it, also after a
 * restart. `secrets[0]` signs; the others (a rotation's previous secret) are still accepted.
 */
export function createSessionCodec(secrets: readonly (Uint8Array | string)[]): SessionCodec {
  if (secrets.length === 0) throw new Error('createSessionCodec needs a secret')
  // A KeyObject spares OpenSSL setting the key up again at every MAC (the same MAC as the raw secret).
  const keys = new Map(
    secrets.map((secret) => [keyId(secret), createSecretKey(Buffer.from(secret))] as const)
  )
  const signing = keyId(secrets[0]!)
  const mac = (kid: string, pin: SessionPin) =>
    createHmac('sha256', keys.get(kid)!)
      .update([VERSION, kid, pin.server, pin.podUid, pin.principal, pin.session].join('\0'))
      .digest()
      .subarray(0, 16)
  // A session's every request presents the same id and gets it back: both MACs are made once.
  const wrapped = new LRUCache<string, string>({ max: REMEMBERED_IDS })
  const verified = new LRUCache<string, Readonly<SessionPin>>({ max: REMEMBERED_IDS })
  return {
    wrap(pin) {
      const key = [pin.server, pin.podUid, pin.principal, pin.session].join('\0')
      let id = wrapped.get(key)
      if (id === undefined) {
        const uid = Buffer.from(pin.podUid).toString('base64url')
        id = `${VERSION}.${signing}.${uid}.${mac(signing, pin).toString('base64url')}.${pin.session}`
        wrapped.set(key, id)
      }
      return id
    },
    unwrap(id, server, principal) {
      if (id.length > MAX_SESSION_ID_LENGTH || !VISIBLE_ASCII.test(id)) return undefined
      // Only ids whose MAC was checked for this server and caller are remembered.
      const key = `${server}\0${principal}\0${id}`
      const known = verified.get(key)
      if (known) return { ...known }
      const pin = verifiedPin(id, server, principal)
      if (pin) verified.set(key, Object.freeze({ ...pin }))
      return pin
    },
  }

  function verifiedPin(id: string, server: string, principal: string): SessionPin | undefined {
    const [version, kid, uidPart, macPart] = id.split('.', 4)
    if (version !== VERSION || !kid || !keys.has(kid) || !uidPart || !macPart) return undefined
    const session = id.slice(version.length + kid.length + uidPart.length + macPart.length + 4)
    if (!session) return undefined
    const pin = {
      server,
      principal,
      podUid: Buffer.from(uidPart, 'base64url').toString(),
      session,
    }
    const given = Buffer.from(macPart, 'base64url')
    const expected = mac(kid, pin)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    return pin
  }
}

/** A short public name of a secret, so a pin says which key signed it. */
function keyId(secret: Uint8Array | string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 8)
}

/** Whether a session id a pod answered with may be wrapped and handed to a client. */
export function isValidPodSessionId(session: string): boolean {
  return session.length <= 256 && VISIBLE_ASCII.test(session)
}
