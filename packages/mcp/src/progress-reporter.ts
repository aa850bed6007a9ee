import type { Progress } from '@mcp-lifecycle/core'

/** What goes in a notifications/progress, besides the token. */
export interface ProgressUpdate {
  progress: number
  total: number
  message: string
}

/**
 * Turns core's "ready out of desired" reports into MCP progress updates. The spec wants
 * `progress` to increase with every notification, so repeats are dropped, and a scale down counts
 * the replicas removed (from the ready count first seen) rather than a falling ready count.
 */
export function createProgressReporter(
  send: (update: ProgressUpdate) => void
): (report: Progress) => void {
  let first: number | undefined
  let last = -1
  return ({ ready, desired }) => {
    first ??= ready
    const down = desired < first
    const progress = down ? first - ready : ready
    if (progress <= last) return
    last = progress
    send({
      progress,
      total: down ? first - desired : desired,
      message: `${ready}/${desired} replicas ready`,
    })
  }
}
