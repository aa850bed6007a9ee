import type { V1Deployment, V1Pod, V1Service } from '@kubernetes/client-node'
import type { AdapterContext } from './adapter-context.ts'
import { listPages } from './list-pages.ts'
import { listRawServices } from './list-server-services.ts'
import { readFieldsOfDeployment, readFieldsOfService } from './read-fields.ts'
import type { KubeList, KubeObject } from './kube-object.ts'

export type { KubeList, KubeObject } from './kube-object.ts'

/** One kind to list and watch (list-watch.ts): where, narrowed how, and how to list it. */
export interface WatchedKind<O extends KubeObject> {
  /** What its failures say, e.g. 'Watching Services'. */
  what: string
  /** The collection's path, e.g. /api/v1/namespaces/mcp/services. */
  path: string
  /** Sent with the watch as with the list. */
  selectors: { labelSelector?: string; fieldSelector?: string }
  list(signal: AbortSignal): Promise<KubeList<O>>
}

/**
 * The MCP server Deployments (by the MCP label), or one of them with a name, listed in pages,
 * each object cut to what its snapshot reads.
 */
export function deploymentsKind(ctx: AdapterContext, name?: string): WatchedKind<V1Deployment> {
  const selectors = {
    labelSelector: ctx.selector,
    ...(name !== undefined && { fieldSelector: `metadata.name=${name}` }),
  }
  const path = `/apis/apps/v1/namespaces/${ctx.namespace}/deployments`
  return {
    what: 'Watching MCP servers',
    path,
    selectors,
    list: (signal) => listPages(ctx, path, selectors, readFieldsOfDeployment, signal),
  }
}

/**
 * Every Service of the namespace (a selector cannot tell which reach a server), as plain JSON
 * (client-node's models would raise a sync's peak memory). `paged`: in pages, each object cut
 * to what its snapshot reads (a cache of every server); `shared`: the one LIST status reads
 * share (a function kept warm, whose first read and watch then cost one LIST).
 */
export function servicesKind(
  ctx: AdapterContext,
  listing: 'paged' | 'shared' = 'paged'
): WatchedKind<V1Service> {
  const path = `/api/v1/namespaces/${ctx.namespace}/services`
  return {
    what: 'Watching Services',
    path,
    selectors: {},
    list:
      listing === 'paged'
        ? (signal) => listPages(ctx, path, {}, readFieldsOfService, signal)
        : async () => {
            const { items, metadata } = await listRawServices(ctx)
            return { items: [...items], ...(metadata && { metadata }) }
          },
  }
}

/** The pods a Deployment's selector matches, for `what` (e.g. "Watching the pods of 'x'"). */
export function podsKind(
  ctx: AdapterContext,
  labelSelector: string,
  what: string
): WatchedKind<V1Pod> {
  return {
    what,
    path: `/api/v1/namespaces/${ctx.namespace}/pods`,
    selectors: { labelSelector },
    list: (signal) =>
      ctx.api.core.listNamespacedPod(
        { namespace: ctx.namespace, labelSelector },
        ctx.api.abortedBy(signal)
      ),
  }
}
