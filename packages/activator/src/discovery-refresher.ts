import type { DiscoveryKeeper } from './discovery-keeper.ts'
import { targetOf, type PodReach } from './pod-target.ts'
import { refreshDiscovery } from './refresh-discovery.ts'
import type { ServerGate } from './server-gate.ts'

export interface DiscoveryRefresherOptions {
  keeper: DiscoveryKeeper
  /** Where the manager may send requests: the proxy's own rules (pod-target.ts). */
  reach: PodReach
  /** Bound on one refresh, every request included. */
  timeoutMs: number
  /** Answers read from a pod at most (as the proxy's tap keeps). */
  maxAnswerBytes: number
  /** A refresh that failed (the server goes on as it was). */
  onError?: (name: string, error: unknown) => void
}

/**
 * When the manager asks a server for its discovery itself (issue 30): after a wake, once a
 * pod answered the request that woke it (in the background: no client waits on it), and before
 * an idle stop (awaited, but never longer than `timeoutMs`). One refresh per server at a time;
 * only to a pod of a server being watched (it exists), picked as a request's would be.
 */
export class DiscoveryRefresher {
  private readonly options: DiscoveryRefresherOptions
  /** Servers being refreshed: bounded by the servers with a gate, which exist. */
  private readonly running = new Set<string>()

  constructor(options: DiscoveryRefresherOptions) {
    this.options = options
  }

  /** After a wake: refreshes in the background. */
  afterWake(name: string, gate: ServerGate): void {
    void this.refresh(name, gate)
  }

  /**
   * Before an idle stop: resolves once refreshed, or after `timeoutMs` at most (what is left, a
   * 2025 session's DELETE, goes on in the background); never throws.
   */
  async beforeStop(name: string, gate: ServerGate): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.timeoutMs)
    })
    await Promise.race([this.refresh(name, gate), bound]).finally(() => clearTimeout(timer))
  }

  private async refresh(name: string, gate: ServerGate): Promise<void> {
    if (this.running.has(name) || gate.closed) return
    this.running.add(name)
    const release = gate.use()
    const { timeoutMs } = this.options
    const signal = AbortSignal.any([gate.signal, AbortSignal.timeout(timeoutMs)])
    try {
      const deadline = Date.now() + timeoutMs
      const timeout = () => new Error('no pods seen in time')
      const deployment = await gate.until(() => gate.watched(), signal, deadline, timeout)
      const lease = gate.pickPod()
      if (!lease) return
      try {
        const target = targetOf(this.options.reach, name, lease.pod, deployment, 'http://refresh/')
        const rpc = {
          dispatcher: gate.dispatcher,
          target,
          signal,
          maxAnswerBytes: this.options.maxAnswerBytes,
        }
        await refreshDiscovery({ keeper: this.options.keeper, name, deployment, rpc })
      } finally {
        lease.untrack()
      }
    } catch (error) {
      this.options.onError?.(name, error)
    } finally {
      this.running.delete(name)
      release()
    }
  }
}
