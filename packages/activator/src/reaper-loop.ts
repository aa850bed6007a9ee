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

  async function pass(): Promise<void> {
    try {
      if (options.lease && !(await options.lease.acquireOrRenew(controller.signal))) return
      const result = await reapIdleServers(
        {
          backend: options.backend,
          signal: controller.signal,
          ...(options.audit && { audit: options.audit }),
        },
        {
          activity: (name) => options.activator.activity(name),
          whileStopping: (name, stop) => options.activator.whileStopping(name, stop),
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
