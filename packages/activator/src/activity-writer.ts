import { isLifecycleError, type ActivityRecorder } from '@mcp-lifecycle/core'
import type { ActivityLog } from './activity-log.ts'

export interface ActivityWriterOptions {
  log: ActivityLog
  recorder: ActivityRecorder
  /** At most one write per server this often (default 60 s). */
  intervalMs?: number
  /** How often to look for something to write (default 5 s). */
  tickMs?: number
  now?: () => number
  onError?: (name: string, error: unknown) => void
}

/**
 * Persists the activity log into each server's `mcp-lifecycle/last-activity`, at most once per
 * interval per server: the first activity is written at the next tick, later ones wait for
 * the interval. A server with a request in flight is active *now*, so a long stream keeps its
 * annotation fresh for a reaper in another replica or the serverless one.
 */
export function startActivityWriter(options: ActivityWriterOptions): { stop(): void } {
  const now = options.now ?? Date.now
  const intervalMs = options.intervalMs ?? 60_000
  const written = new Map<string, { activity: number; at: number }>()
  let running = false

  async function tick(): Promise<void> {
    if (running) return
    running = true
    try {
      for (const name of options.log.names()) {
        const activity = options.log.activity(name)
        if (!activity) continue
        const latest = activity.inFlight > 0 ? now() : (activity.lastActivity ?? 0)
        const last = written.get(name)
        // Written, and idle past the server's idle timeout: its entries go (bounded by use).
        if (last && latest <= last.activity && options.log.isIdle(name)) {
          options.log.forget(name)
          written.delete(name)
          continue
        }
        if (last && (latest <= last.activity || now() - last.at < intervalMs)) continue
        try {
          await options.recorder.recordActivity(name, new Date(latest))
          written.set(name, { activity: latest, at: now() })
        } catch (error) {
          if (isLifecycleError(error) && error.kind === 'not-found') {
            options.log.forget(name)
            written.delete(name)
            continue
          }
          // Try again after the interval, not at every tick (a deleted server would spin).
          written.set(name, { activity: last?.activity ?? 0, at: now() })
          options.onError?.(name, error)
        }
      }
    } finally {
      running = false
    }
  }

  const timer = setInterval(() => void tick(), options.tickMs ?? 5_000)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
