import type { V1Deployment, V1Service } from '@kubernetes/client-node'
import type { AdapterContext } from './adapter-context.ts'
import { listPages } from './list-pages.ts'
import { readFieldsOfDeployment, readFieldsOfService } from './read-fields.ts'
import type { WatchedKind } from './watched-kinds.ts'

/**
 * The MCP server Deployments of every namespace (all managed, `*`): one cluster-scoped
 * list-watch narrowed by the MCP label, listed in pages, each object cut to what its snapshot
 * reads and placed in its own namespace.
 */
export function clusterDeploymentsKind(ctx: AdapterContext): WatchedKind<V1Deployment> {
  const selectors = { labelSelector: ctx.selector }
  const path = '/apis/apps/v1/deployments'
  return {
    what: 'Watching MCP servers in every namespace',
    path,
    selectors,
    list: (signal) => listPages(ctx, path, selectors, readFieldsOfDeployment, signal),
  }
}

/**
 * The Services of every namespace: as in one namespace, a label cannot tell which Services
 * reach a server, so all are followed (cut to what a snapshot reads).
 */
export function clusterServicesKind(ctx: AdapterContext): WatchedKind<V1Service> {
  const path = '/api/v1/services'
  return {
    what: 'Watching Services in every namespace',
    path,
    selectors: {},
    list: (signal) => listPages(ctx, path, {}, readFieldsOfService, signal),
  }
}
