import type { V1Deployment, V1Pod, V1Service } from '@kubernetes/client-node'
import type { AdapterContext } from './adapter-context.ts'
import { listRawServices } from './list-server-services.ts'

export interface KubeObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string }
}

/** A LIST answer: its objects, and the resourceVersion a watch of them starts from. */
export interface KubeList<O> {
  items: O[]
  metadata?: { resourceVersion?: string }
}

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

/** The MCP server Deployments (by the MCP label), or one of them with a name. */
export function deploymentsKind(ctx: AdapterContext, name?: string): WatchedKind<V1Deployment> {
  const selectors = {
    labelSelector: ctx.selector,
    ...(name !== undefined && { fieldSelector: `metadata.name=${name}` }),
  }
  return {
    what: 'Watching MCP servers',
    path: `/apis/apps/v1/namespaces/${ctx.namespace}/deployments`,
    selectors,
    list: (signal) =>
      ctx.api.apps.listNamespacedDeployment(
        { namespace: ctx.namespace, ...selectors },
        ctx.api.abortedBy(signal)
      ),
  }
}

/**
 * Every Service of the namespace (a selector cannot tell which reach a server), listed as a
 * status read lists them: plain JSON from the watch cache (client-node's models would raise a
 * sync's peak memory).
 */
export function servicesKind(ctx: AdapterContext): WatchedKind<V1Service> {
  return {
    what: 'Watching Services',
    path: `/api/v1/namespaces/${ctx.namespace}/services`,
    selectors: {},
    list: async () => {
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
