import type { ServiceSnapshot } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { toServiceSnapshot } from './to-snapshot.ts'

/** Every Service of the namespace: one LIST, matched to servers in memory by core. */
export async function listServices(ctx: AdapterContext): Promise<ServiceSnapshot[]> {
  try {
    const list = await ctx.api.core.listNamespacedService({ namespace: ctx.namespace })
    return list.items.map(toServiceSnapshot)
  } catch (error) {
    throw toLifecycleError(error, 'Listing Services')
  }
}
