import type { SharedChange } from '@mcp-lifecycle/core'

/**
 * What one change stream still has to send, bounded whatever the client's pace: the list (one
 * per namespace followed), then at most one event per server (keyed `namespace/name` in a
 * stream of several) (a newer change replaces the one not yet sent: latest wins), a
 * heartbeat, and the closing event. A client whose socket does not drain thus costs at most one
 * pointer per server, never a queue that grows with the changes. The events themselves are
 * shared by every stream.
 */
export class ChangeOutbox {
  // One list per namespace followed ('' for a stream of one): a newer one replaces it.
  private readonly lists = new Map<string, Uint8Array>()
  private readonly pending = new Map<string, Uint8Array>()
  private heartbeat: Uint8Array | undefined
  private closing: Uint8Array | undefined
  private ended = false
  private wake: (() => void) | undefined

  putList(frame: Uint8Array, namespace = ''): void {
    if (this.ended) return
    this.lists.set(namespace, frame)
    this.notify()
  }

  putChanges(changes: SharedChange<Uint8Array>[]): void {
    if (this.ended) return
    for (const { name, frame } of changes) {
      this.pending.delete(name) // re-inserted last: events go out in the order of their changes
      this.pending.set(name, frame)
    }
    this.notify()
  }

  putHeartbeat(frame: Uint8Array): void {
    if (this.ended) return
    this.heartbeat = frame
    this.notify()
  }

  /** Sends what is pending, then `last` if given, then ends: nothing put later is sent. */
  end(last?: Uint8Array): void {
    if (this.ended) return
    this.ended = true
    this.closing = last
    this.notify()
  }

  /** Everything pending as one chunk, waiting for something if nothing is; null once ended. */
  async take(): Promise<Uint8Array | null> {
    while (!this.hasPending()) {
      if (this.ended) {
        const last = this.closing
        this.closing = undefined
        return last ?? null
      }
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
    const frames = [
      ...this.lists.values(),
      ...this.pending.values(),
      ...(this.heartbeat ? [this.heartbeat] : []),
    ]
    this.lists.clear()
    this.pending.clear()
    this.heartbeat = undefined
    return frames.length === 1 ? frames[0]! : concat(frames)
  }

  /** How many server events wait to be sent: at most one per server. */
  get pendingServers(): number {
    return this.pending.size
  }

  private hasPending(): boolean {
    return this.lists.size > 0 || this.pending.size > 0 || this.heartbeat !== undefined
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}

function concat(frames: Uint8Array[]): Uint8Array {
  let size = 0
  for (const frame of frames) size += frame.byteLength
  const chunk = new Uint8Array(size)
  let at = 0
  for (const frame of frames) {
    chunk.set(frame, at)
    at += frame.byteLength
  }
  return chunk
}
