import type { OperationContext } from './operations/context.ts'
import { reapIdleServers, type ReapResult } from './operations/reap.ts'

/** The CloudEvent that runs one reaper pass (a Knative PingSource sends it, see infra/knative). */
export const REAP_EVENT_TYPE = 'dev.mcp-lifecycle.server.reap'
/** The answer to it, with the pass's result as data (no Trigger listens for it). */
export const REAP_RESULT_EVENT_TYPE = 'dev.mcp-lifecycle.reap.result'

/**
 * The serverless reaper: one pass from the persisted `mcp-lifecycle/last-activity` annotations
 * alone. No process there sees requests in flight or sessions, so a server is stopped once its
 * recorded activity is older than its timeout.
 */
export async function reapOnEvent(
  ctx: OperationContext
): Promise<{ type: string; data: ReapResult }> {
  return { type: REAP_RESULT_EVENT_TYPE, data: await reapIdleServers(ctx) }
}
