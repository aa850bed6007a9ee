import {
  reapIdleServers,
  type AuditRecord,
  type LeaderLease,
  type LifecycleBackend,
  type ReapResult,
} from '@mcp-lifecycle/core'
import type { Activator } from './create-activator.ts'

export interface ReaperLoopOptions {
  backend: LifecycleBackend
  activator: Pick<Activator, 'activity' | 'whileStopping'>
  /** With several manager replicas, only the holder reaps; absent: this process always does. */
  lease?: LeaderLease
  /**
   * The lease's duration: within a pass, it is renewed before a stop once a third of it has
   * passed since the last renewal, and the pass ends if it was lost (default 15 s).
   */
  leaseDurationMs?: number
  /** Pause between passes (default 5 s). */
  intervalMs?: number
  audit?: (record: AuditRecord) => void
  /** Each pass that stopped or failed to stop something. */
  onPass?: (result: ReapResult) => void
  /** A pass (or the lease) failed; the next tick tries again. */
  onError?: (error: unknown) => void
}

export interface ReaperLoop {
  /** Ends the loop after the pass in progress and gives the lease up. */
  stop(): Promise<void>
}

/**
 * The long-running manager's reaper: a pass every few seconds, by the lease holder only, with
 * what this activator saw (requests in flight, sessions) and its gates' stopping mark. Passes
 * never overlap: the next is scheduled when one ends.
 */
export function startReaper(options: ReaperLoopOptions): ReaperLoop {
  const intervalMs = options.intervalMs ?? 5_000
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let current: Promise<void> = Promise.resolve()

  const lease = options.lease
  const renewAfterMs = (options.leaseDurationMs ?? 15_000) / 3
  let renewed = 0
  const renew = async () => {
    const held = await lease!.acquireOrRenew(controller.signal)
    renewed = Date.now()
    return held
  }
  // A pass may outlast the lease (many stops, a slow API server): never stop without it.
  const mayStop = async () => !lease || Date.now() - renewed < renewAfterMs || (await renew())

  async function pass(): Promise<void> {
    try {
      if (lease && !(await renew())) return
      const result = await reapIdleServers(
        {
          backend: options.backend,
          signal: controller.signal,
          ...(options.audit && { audit: options.audit }),
        },
        {
          activity: (name) => options.activator.activity(name),
          whileStopping: (name, stop) => options.activator.whileStopping(name, stop),
          mayStop,
        }
      )
      if (result.stopped.length || result.failed.length) options.onPass?.(result)
    } catch (error) {
      if (!controller.signal.aborted) options.onError?.(error)
    }
  }

  const schedule = () => {
    if (controller.signal.aborted) return
    timer = setTimeout(() => {
      current = pass().finally(schedule)
    }, intervalMs)
    timer.unref()
  }
  schedule()

  return {
    async stop() {
      controller.abort()
      clearTimeout(timer)
      await current
      await options.lease?.release().catch(() => {})
    },
  }
}
