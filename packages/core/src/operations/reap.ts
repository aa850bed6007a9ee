import type { Principal } from '../access.ts'
import { checkAccess } from '../access.ts'
import { isLifecycleError } from '../errors.ts'
import { decideReap } from '../reap-decision.ts'
import type { ServerActivity } from '../server-activity.ts'
import type { OperationContext } from './context.ts'
import { stopServer } from './stop.ts'

/** Who the audit names for the reaper's stops. */
export const REAPER: Principal = { id: 'reaper', scope: 'write' }

export interface ReapOptions {
  now?: () => number
  /** What this process saw of a server (the long-running manager); absent: annotations only. */
  activity?: (name: string) => ServerActivity | undefined
  /**
   * Runs `stop` with the server marked as stopping, so that a request arriving meanwhile waits
   * and wakes the server again instead of reaching a terminating pod (the manager's gate).
   * Default: runs it as it is.
   */
  whileStopping?: (name: string, stop: () => Promise<boolean>) => Promise<boolean>
  /**
   * Asked before each stop: false ends the pass (this process no longer holds the reaper's
   * lease; a pass with many stops may outlast it). Default: always true.
   */
  mayStop?: () => Promise<boolean>
}

export interface ReapResult {
  /** Servers stopped by this pass. */
  stopped: string[]
  /** Servers the pass could not stop, with the error kind (the next pass tries again). */
  failed: { name: string; kind: string }[]
}

/**
 * One reaper pass: stops every server idle past its `mcp-lifecycle/idle-timeout` (the rules are
 * in reap-decision.ts). Each stop decides again under the stopping mark, from a fresh read and
 * fresh activity, since a request or a start may have come in since the list. Stops go through
 * stopServer, audited as `reaper`; the caller (when there is one) needs the write scope.
 */
export async function reapIdleServers(
  ctx: OperationContext,
  options: ReapOptions = {}
): Promise<ReapResult> {
  checkAccess(ctx.principal, 'write')
  const now = options.now ?? Date.now
  const whileStopping = options.whileStopping ?? ((_, stop) => stop())
  const reaper: OperationContext = { ...ctx, principal: REAPER }
  const result: ReapResult = { stopped: [], failed: [] }
  for (const { deployment } of await ctx.backend.listServers()) {
    const { name } = deployment
    if (!decideReap({ deployment, activity: options.activity?.(name), now: now() }).stop) continue
    if (options.mayStop && !(await options.mayStop())) break
    try {
      const stopped = await whileStopping(name, async () => {
        const fresh = await ctx.backend.getServer(name)
        const again = {
          deployment: fresh.deployment,
          activity: options.activity?.(name),
          now: now(),
        }
        if (!decideReap(again).stop) return false
        await stopServer(reaper, name, { force: false })
        return true
      })
      if (stopped) result.stopped.push(name)
    } catch (error) {
      // Deleted or no longer an MCP server since the list: nothing to reap.
      if (isLifecycleError(error) && error.kind === 'not-found') continue
      result.failed.push({ name, kind: isLifecycleError(error) ? error.kind : 'internal' })
    }
  }
  return result
}
