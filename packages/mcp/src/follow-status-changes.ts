import {
  createServerChangeHub,
  watchEveryNamespace,
  type OperationContext,
  type OperationServices,
  type Principal,
  type ServerChangeHub,
} from '@mcp-lifecycle/core'
import { listUri, serverUri } from './status-uris.ts'

/** After a failed watch (cluster unreachable), how long to wait before watching again. */
const RETRY_MS = 5_000

/** One change hub per namespace, shared by every follower of a process (one watch each). */
export type StatusHubs = (ctx: OperationContext) => ServerChangeHub<undefined>

/** The hubs of the status followers: made when first followed, one per namespace. */
export function createStatusHubs(coalesceMs?: number): StatusHubs {
  const hubs = new Map<string, ServerChangeHub<undefined>>()
  return (ctx) => {
    // Keyed by managed namespace (a few, from the settings), '' without namespaces.
    const key = ctx.where?.namespace ?? ''
    let hub = hubs.get(key)
    if (!hub) {
      hub = createServerChangeHub({
        backend: ctx.backend,
        // Only which servers changed matters here, not how they look.
        encode: () => undefined,
        ...(ctx.where && { where: ctx.where }),
        ...(coalesceMs !== undefined && { coalesceMs }),
      })
      hubs.set(key, hub)
    }
    return hub
  }
}

/** Whose status changes to follow: the process's namespaces, as `principal` may see them. */
export interface StatusSource {
  services: OperationServices
  hubs: StatusHubs
  /** Absent: every server of every managed namespace. */
  principal?: Principal | undefined
}

/**
 * Follows the servers `principal` may see, in every managed namespace it is given, until the
 * signal aborts, and reports which status resources changed: the list of a namespace (one that
 * comes to hold servers too), and each server of it whose status, replicas, endpoints, last
 * activity or idle timeout changed (or that appeared or went away). The state first seen is no
 * change. Followed through core's change hubs: a server's view is made once per change, and
 * changes that come in a burst are reported together, the latest per server.
 */
export async function followStatusChanges(
  source: StatusSource,
  signal: AbortSignal,
  onChange: (uris: string[]) => void
): Promise<void> {
  const defaultNamespace = source.services.namespaces?.defaultNamespace
  const call = { ...(source.principal && { principal: source.principal }) }
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      let watch: { namespaces: string[]; stop(): void } | undefined
      const done = () => {
        watch?.stop()
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done, { once: true })
      try {
        watch = watchEveryNamespace(source.services, call, source.hubs, {
          // A namespace followed from the start: its first state is no change. One that came to
          // hold servers later (`*`): its list is new.
          list: (_frame, namespace) => {
            if (watch && namespace !== undefined && !watch.namespaces.includes(namespace))
              onChange([listUri(namespace === defaultNamespace ? undefined : namespace)])
          },
          changes: (changes) => onChange(statusUris(changes, defaultNamespace)),
          ended: () => done(),
        })
      } catch {
        // Refused (a namespace gone from the managed ones): tried again after the pause.
        done()
      }
    })
    if (signal.aborted) return
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref?.())
  }
}

/**
 * The URIs of one flush of changes (of one namespace): its list, then each server. With managed
 * namespaces, changes are keyed `namespace/name`; the default namespace keeps today's URIs.
 */
function statusUris(changes: { name: string }[], defaultNamespace: string | undefined): string[] {
  const lists = new Set<string>()
  const servers: string[] = []
  for (const { name: key } of changes) {
    const slash = key.indexOf('/')
    const namespace = slash < 0 ? undefined : key.slice(0, slash)
    const own = namespace === defaultNamespace ? undefined : namespace
    lists.add(listUri(own))
    servers.push(serverUri(key.slice(slash + 1), own))
  }
  // Lists first, as before namespaces: a client re-reads the list, then the servers.
  return [...lists, ...servers]
}
