import { managerBusy } from './proxy-errors.ts'

export interface HeldBounds {
  /** Requests held at once across every server (from arrival until sent to a pod). */
  requests: number
  /** Bytes of their bodies held at once. */
  bytes: number
}

/**
 * The manager's bound across servers on what the proxy holds: each request from its arrival
 * until it is sent to a pod (its body read, its waits for a pod), and the bytes of the bodies
 * it read. A request takes its share before its body is read (the declared length, or the
 * largest body allowed), so no client makes the manager buffer past the bound.
 */
export class HeldRequests {
  private requests = 0
  private bytes = 0
  private readonly bounds: HeldBounds

  constructor(bounds: HeldBounds) {
    this.bounds = bounds
  }

  /** Holds one request with up to `bytes` of body; throws 503 when over a bound. */
  hold(bytes: number): () => void {
    if (this.requests >= this.bounds.requests) {
      throw managerBusy(`${this.bounds.requests} proxied requests`)
    }
    if (this.bytes + bytes > this.bounds.bytes) {
      throw managerBusy(`${this.bounds.bytes} bytes of proxied request bodies`)
    }
    this.requests++
    this.bytes += bytes
    let released = false
    return () => {
      if (released) return
      released = true
      this.requests--
      this.bytes -= bytes
    }
  }
}
