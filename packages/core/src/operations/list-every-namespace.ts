import { checkAccess, maySeeNamespace, type Principal } from '../access.ts'
import type { ManagedNamespaces } from '../managed-namespaces.ts'
import type { ServerSummary } from '../view-schemas.ts'
import { listServers } from './list.ts'
import {
  createOperationContext,
  type CallScope,
  type OperationServices,
} from './operation-context.ts'

/**
 * GET /servers?all_namespaces=true: the servers of every managed namespace the principal is
 * given (the others are not even named), each with its `namespace`, by namespace then name.
 * Without managed namespaces: the one backend's list.
 */
export async function listEveryNamespace(
  services: OperationServices,
  call: CallScope
): Promise<{ servers: ServerSummary[] }> {
  const managed = services.namespaces
  if (!managed) return listServers(createOperationContext(services, call))
  checkAccess(call.principal, 'read')
  const visible = visibleNamespaces(managed, call.principal)
  const lists = await Promise.all(
    visible.map(async (namespace) => {
      const { servers } = await listServers(
        createOperationContext(services, { ...call, namespace })
      )
      return withNamespace(servers, namespace)
    })
  )
  return { servers: joined(visible.join(','), lists) }
}

/** The managed namespaces known now that the principal is given, sorted. */
export function visibleNamespaces(
  managed: ManagedNamespaces,
  principal: Principal | undefined
): string[] {
  const { defaultNamespace } = managed
  return managed
    .known()
    .filter((namespace) => maySeeNamespace(principal, { namespace, defaultNamespace }))
}

// The last joined list per set of namespaces seen, kept while every part is the same array: a
// reader (keptJson) then encodes it once per change. Bounded: the sets come from principals'
// patterns, a few, but JWT rules may add more.
const MAX_JOINED = 256
const lastJoined = new Map<string, { parts: ServerSummary[][]; servers: ServerSummary[] }>()

function joined(key: string, parts: ServerSummary[][]): ServerSummary[] {
  const last = lastJoined.get(key)
  if (last && last.parts.length === parts.length && last.parts.every((p, i) => p === parts[i]))
    return last.servers
  if (lastJoined.size >= MAX_JOINED) lastJoined.clear()
  const servers = parts.flat()
  lastJoined.set(key, { parts, servers })
  return servers
}

// The summaries of an unchanged list are the same array (listServers keeps them): so are these.
const kept = new WeakMap<ServerSummary[], ServerSummary[]>()

function withNamespace(servers: ServerSummary[], namespace: string): ServerSummary[] {
  let named = kept.get(servers)
  if (!named) {
    named = servers.map((summary) => ({ ...summary, namespace }))
    kept.set(servers, named)
  }
  return named
}
