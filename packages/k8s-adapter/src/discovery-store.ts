import type { V1ConfigMap } from '@kubernetes/client-node'
import {
  keepAnswer,
  LifecycleError,
  parseKeptDiscovery,
  type DiscoveryBounds,
  type DiscoveryMethod,
  type DiscoveryStore,
  type KeptAnswer,
  type KeptDiscovery,
} from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { kubernetesStatus, toLifecycleError } from './api-errors.ts'
import { discoveryRecordLabels, discoveryRecordName } from './discovery-record-name.ts'
import { findDeployment } from './find-deployment.ts'

const DATA_KEY = 'discovery'
const CONFLICT_RETRIES = 5

/**
 * The discovery answers of each server, in a ConfigMap of its own (`mcpl-discovery-<server>`):
 * shared by the manager's replicas, kept across restarts, owned by the server's Deployment
 * (garbage-collected with it), bounded per server by `bounds` (a ConfigMap holds at most
 * 1 MiB). Each change is a read-modify-replace under the ConfigMap's resourceVersion (409:
 * read again). A ConfigMap of that name without our labels is neither read nor written.
 */
export function createDiscoveryStore(ctx: AdapterContext, bounds: DiscoveryBounds): DiscoveryStore {
  const change = async (server: string, apply: (kept: KeptDiscovery | undefined) => Change) => {
    for (let attempt = 1; ; attempt++) {
      const configMap = await read(ctx, server)
      const next = apply(configMap && kept(configMap))
      if (next === 'unchanged') return false
      try {
        if (configMap) await replace(ctx, configMap, next)
        else await create(ctx, server, next)
        return true
      } catch (error) {
        const status = kubernetesStatus(error)
        if ((status !== 409 && status !== 404) || attempt >= CONFLICT_RETRIES) {
          throw toLifecycleError(error, `Keeping the discovery answers of MCP server '${server}'`)
        }
      }
    }
  }
  return {
    async read(server) {
      const configMap = await read(ctx, server)
      return configMap && kept(configMap)
    },
    keep(server: string, template: string, answer: KeptAnswer) {
      return change(server, (now) => keepAnswer(now, template, answer, bounds) ?? 'unchanged')
    },
    async drop(server: string, methods?: readonly DiscoveryMethod[]) {
      await change(server, (now) => {
        if (!now) return 'unchanged'
        const answers = methods ? now.answers.filter((a) => !methods.includes(a.method)) : []
        return answers.length === now.answers.length ? 'unchanged' : { ...now, answers }
      })
    },
  }
}

type Change = KeptDiscovery | 'unchanged'

function kept(configMap: V1ConfigMap): KeptDiscovery | undefined {
  try {
    return parseKeptDiscovery(JSON.parse(configMap.data?.[DATA_KEY] ?? 'null'))
  } catch {
    return undefined
  }
}

/** The server's discovery ConfigMap if it is ours; undefined when there is none. */
async function read(ctx: AdapterContext, server: string): Promise<V1ConfigMap | undefined> {
  const name = discoveryRecordName(server)
  let configMap: V1ConfigMap
  try {
    configMap = await ctx.api.core.readNamespacedConfigMap({ name, namespace: ctx.namespace })
  } catch (error) {
    if (kubernetesStatus(error) === 404) return undefined
    throw toLifecycleError(error, `Reading the discovery answers of MCP server '${server}'`)
  }
  if (configMap.metadata?.labels?.['mcp-lifecycle/discovery-of'] !== server) {
    throw new LifecycleError(
      'conflict',
      `ConfigMap ${name} exists but is not the discovery record of MCP server '${server}'.`
    )
  }
  return configMap
}

async function replace(ctx: AdapterContext, configMap: V1ConfigMap, next: KeptDiscovery) {
  await ctx.api.core.replaceNamespacedConfigMap({
    name: configMap.metadata!.name!,
    namespace: ctx.namespace,
    body: { ...configMap, data: { [DATA_KEY]: JSON.stringify(next) } },
  })
}

/** Created owned by the server's Deployment (found by the MCP label), so it goes with it. */
async function create(ctx: AdapterContext, server: string, next: KeptDiscovery) {
  const { deployment } = await findDeployment(ctx, server)
  await ctx.api.core.createNamespacedConfigMap({
    namespace: ctx.namespace,
    body: {
      metadata: {
        name: discoveryRecordName(server),
        labels: discoveryRecordLabels(server),
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: server,
            uid: deployment.metadata!.uid!,
          },
        ],
      },
      data: { [DATA_KEY]: JSON.stringify(next) },
    },
  })
}
