import { createHmac, timingSafeEqual } from 'node:crypto'

/** A session id as the client holds it, taken apart: the pod it lives on and the pod's own id. */
export interface PinnedSession {
  podUid: string
  session: string
}

export interface SessionCodec {
  /** `<base64url(pod UID)>.<base64url(HMAC(secret, pod UID))>.<the pod's session id>` */
  wrap(podUid: string, session: string): string
  /** The pod and session of a wrapped id; undefined when it is not one of ours (bad MAC). */
  unwrap(id: string): PinnedSession | undefined
}

/**
 * Pins MCP sessions to the pod that created them without a shared store: the pod's UID travels
 * in the session id the client sends back, signed so that a client cannot steer its requests
 * to a pod of its choosing. Any manager replica with the same secret can route it, also after
 * a restart. A pod UID is never reused, so a session never lands on a new pod by mistake.
 */
export function createSessionCodec(secret: Uint8Array | string): SessionCodec {
  const mac = (podUid: string) =>
    createHmac('sha256', secret).update(podUid).digest().subarray(0, 16)
  return {
    wrap: (podUid, session) =>
      `${Buffer.from(podUid).toString('base64url')}.${mac(podUid).toString('base64url')}.${session}`,
    unwrap(id) {
      const [uidPart, macPart] = id.split('.', 2)
      if (!uidPart || !macPart) return undefined
      const session = id.slice(uidPart.length + macPart.length + 2)
      const podUid = Buffer.from(uidPart, 'base64url').toString()
      const given = Buffer.from(macPart, 'base64url')
      const expected = mac(podUid)
      if (!session || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return undefined
      }
      return { podUid, session }
    },
  }
}
