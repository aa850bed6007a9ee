import { PrincipalCounts } from '@mcp-lifecycle/core'
import { managerBusy } from './proxy-errors.ts'

export interface HeldBounds {
  /** Requests held at once across every server (from arrival until sent to a pod). */
  requests: number
  /** Bytes of their bodies held at once. */
  bytes: number
  /**
   * Requests one principal holds at once, so that one caller (slow bodies, a stopped server)
   * cannot take the whole bound from everyone else; default a quarter of `requests`.
   */
  perPrincipal?: number
}

/** The principal id of requests without one (authentication off). */
const ANONYMOUS = 'anonymous'

/**
 * The manager's bound across servers on what the proxy holds: each request from its arrival
 * until it is sent to a pod (its body read, its waits for a pod), and the bytes of the bodies
 * it read, in all and per principal. A request takes its share before its body is read (the
 * declared length, or the largest body allowed), so no client makes the manager buffer past
 * the bound. A principal's count is forgotten when it drops to zero.
 */
export class HeldRequests {
  private requests = 0
  private bytes = 0
  private readonly byPrincipal = new PrincipalCounts()
  private readonly bounds: Required<HeldBounds>

  constructor(bounds: HeldBounds) {
    this.bounds = {
      ...bounds,
      perPrincipal: bounds.perPrincipal ?? Math.max(1, Math.floor(bounds.requests / 4)),
    }
  }

  /** Holds one request of `principalId` with up to `bytes` of body; 503 when over a bound. */
  hold(bytes: number, principalId: string = ANONYMOUS): () => void {
    const mine = this.byPrincipal.of(principalId)
    if (this.requests >= this.bounds.requests) {
      throw managerBusy(`${this.bounds.requests} proxied requests`)
    }
    if (mine >= this.bounds.perPrincipal) {
      throw managerBusy(`${this.bounds.perPrincipal} proxied requests of this caller`)
    }
    if (this.bytes + bytes > this.bounds.bytes) {
      throw managerBusy(`${this.bounds.bytes} bytes of proxied request bodies`)
    }
    this.requests++
    this.bytes += bytes
    const release = this.byPrincipal.add(principalId)
    return () => {
      if (!release()) return
      this.requests--
      this.bytes -= bytes
    }
  }

  /** Principals holding a request now (the table is no larger than the requests held). */
  get principals(): number {
    return this.byPrincipal.size
  }
}
