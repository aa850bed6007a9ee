import { checkAccess, maySeeNamespace } from '../access.ts'
import type { ChangeListener, ServerChangeHub } from '../server-change-hub.ts'
import type { OperationContext } from './context.ts'
import { visibleNamespaces } from './list-every-namespace.ts'
import {
  createOperationContext,
  type CallScope,
  type OperationServices,
} from './operation-context.ts'
import { watchServerList } from './watch-list.ts'

export interface EveryNamespaceWatch {
  /** The namespaces followed (none: the principal is given none). */
  namespaces: string[]
  stop(): void
}

/**
 * GET /servers?watch=true&all_namespaces=true: every managed namespace the principal is given,
 * each followed through its own hub (the others are not even named), and, with `*`, each one
 * given that becomes managed while the stream is open, starting with its list. The listener
 * gets each namespace's list with that namespace, and changes keyed `namespace/name`, so one
 * server name in two namespaces stays two servers; when one namespace's watch ends, all do.
 * Without managed namespaces: the one backend's stream.
 */
export function watchEveryNamespace<F>(
  services: OperationServices,
  call: CallScope,
  hubOf: (ctx: OperationContext) => ServerChangeHub<F>,
  listener: ChangeListener<F>
): EveryNamespaceWatch {
  const managed = services.namespaces
  if (!managed) {
    const ctx = createOperationContext(services, call)
    return { namespaces: [], stop: watchServerList(ctx, hubOf(ctx), listener) }
  }
  checkAccess(call.principal, 'read')
  const namespaces = visibleNamespaces(managed, call.principal)
  const stops: (() => void)[] = []
  let ended = false
  const stop = () => stops.splice(0).forEach((unsubscribe) => unsubscribe())
  const followed = new Set<string>()
  const follow = (namespace: string) => {
    // The default namespace is known before servers are seen in it: it may be added again.
    if (followed.has(namespace)) return
    followed.add(namespace)
    const ctx = createOperationContext(services, { ...call, namespace })
    const unsubscribe = watchServerList(ctx, hubOf(ctx), {
      list: (frame) => listener.list(frame, namespace),
      changes: (changes) =>
        listener.changes(changes.map((c) => ({ ...c, name: `${namespace}/${c.name}` }))),
      ended: (error) => {
        if (ended) return
        ended = true
        stop()
        listener.ended(error)
      },
    })
    stops.push(unsubscribe)
  }
  namespaces.forEach(follow)
  const { defaultNamespace } = managed
  const added = managed.onAdded?.((namespace) => {
    if (ended || !maySeeNamespace(call.principal, { namespace, defaultNamespace })) return
    follow(namespace)
  })
  if (added) stops.push(added)
  return { namespaces, stop }
}
