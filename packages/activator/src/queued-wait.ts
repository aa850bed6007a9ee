import type { QueueBounds } from '@mcp-lifecycle/core'
import { notReadyInTime } from './proxy-errors.ts'
import type { ServerGate } from './server-gate.ts'

/**
 * One request's waits for its server, whatever it waits for (the watches, the end of a stop,
 * a ready pod): it counts once in the server's queue from its first wait until `leaveQueue`,
 * and every wait ends at the same deadline from its arrival.
 */
export class QueuedWait {
  private leave: (() => void) | undefined
  private bounds: QueueBounds
  private readonly gate: ServerGate
  private readonly name: string
  private readonly signal: AbortSignal
  private readonly arrived: number

  constructor(gate: ServerGate, name: string, signal: AbortSignal, bounds: QueueBounds) {
    this.gate = gate
    this.name = name
    this.signal = signal
    this.bounds = bounds
    this.arrived = Date.now()
  }

  /** The server's own bounds, once its Deployment is known (annotations may lower them). */
  setBounds(bounds: QueueBounds): void {
    this.bounds = bounds
  }

  get deadline(): number {
    return this.arrived + this.bounds.timeoutMs
  }

  /** What `check` returns, now or once the server changed so that it returns something. */
  async until<T>(check: () => T | undefined): Promise<T> {
    const now = check()
    if (now !== undefined) return now
    this.leave ??= this.gate.enqueue(this.bounds.size)
    const timeout = () => notReadyInTime(this.name, this.bounds.timeoutMs)
    return this.gate.until(check, this.signal, this.deadline, timeout)
  }

  leaveQueue(): void {
    this.leave?.()
    this.leave = undefined
  }
}
