import { selectsServer, type DeploymentSnapshot, type ServiceSnapshot } from '@mcp-lifecycle/core'
import type { V1Service } from '@kubernetes/client-node'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'
import { toServiceSnapshot } from './to-snapshot.ts'

/** The Services of a namespace as the API server sends them, before any snapshot is made. */
export interface RawServices {
  items: readonly V1Service[]
  /** Where a watch of the same collection can start from. */
  metadata?: { resourceVersion?: string }
}

/**
 * Every Service of the namespace for a live read, as cheaply as the API server can answer:
 * `resourceVersion=0` serves the LIST from its watch cache (no quorum read; a Service may be
 * as stale as that cache, milliseconds), and the body is parsed as plain JSON, not
 * deserialized into client-node's models (with many Services, most of a status read's time
 * and memory). A selector cannot be matched by the API server, so the
 * list is whole; `servicesSelecting` then keeps the few that matter.
 */
export function listRawServices(ctx: AdapterContext): Promise<RawServices> {
  let pending = inFlight.get(ctx)
  if (!pending) {
    pending = fetchRawServices(ctx).finally(() => inFlight.delete(ctx))
    inFlight.set(ctx, pending)
  }
  return pending
}

// Reads that arrive while a LIST is on its way share it instead of sending their own, so
// concurrent reads hold one large LIST in memory, not one each. A shared answer is no older than the reader's own call: it was requested
// before, and answered after, the read began.
const inFlight = new WeakMap<AdapterContext, Promise<RawServices>>()

async function fetchRawServices(ctx: AdapterContext): Promise<RawServices> {
  try {
    const response = await ctx.api.stream(`/api/v1/namespaces/${ctx.namespace}/services`, {
      resourceVersion: '0',
    })
    if (!response.ok) {
      await response.body?.cancel()
      throw Object.assign(new Error(`LIST Services answered ${response.status}`), {
        statusCode: response.status,
      })
    }
    const list = (await response.json()) as {
      items?: V1Service[]
      metadata?: RawServices['metadata']
    }
    return { items: list.items ?? [], ...(list.metadata && { metadata: list.metadata }) }
  } catch (error) {
    throw toLifecycleError(error, 'Listing Services')
  }
}

/**
 * Snapshots of the Services that select the server (core's selectsServer: by selector, or by
 * annotation for a Service without one), in list order; no snapshot is made of the others.
 */
export function servicesSelecting(
  services: readonly V1Service[],
  deployment: DeploymentSnapshot
): ServiceSnapshot[] {
  return services
    .filter((s) =>
      selectsServer(
        { selector: s.spec?.selector ?? {}, annotations: s.metadata?.annotations ?? {} },
        deployment
      )
    )
    .map(toServiceSnapshot)
}
