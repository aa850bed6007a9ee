import type { LifecycleBackend } from './backend.ts'
import type { DeliveryRecord } from './delivery-record.ts'
import { LifecycleError } from './errors.ts'
import type { NamespaceSelection } from './namespace-selection.ts'
import type { ServerPods } from './server-pods.ts'

/** The ports of one managed namespace: each is confined to it. */
export interface NamespaceScope {
  namespace: string
  backend: LifecycleBackend
  pods?: ServerPods | undefined
  /** Deliveries are recorded per namespace, beside the servers they act on. */
  deliveries?: DeliveryRecord | undefined
}

/** The namespaces a manager acts on, and the ports of each. */
export interface ManagedNamespaces {
  /** What the routes without a namespace (`/servers/...`) act on. */
  defaultNamespace: string
  selection: NamespaceSelection
  /** The namespace's ports, or undefined when it is not managed. */
  scope(namespace: string): NamespaceScope | undefined
  /** The managed namespaces known now, sorted (for `*`: those where MCP servers were seen). */
  known(): string[]
  /**
   * Calls `listener` with each namespace that becomes managed from now on (for `*`: where MCP
   * servers are first seen); absent where the set is fixed (a list). Returns how to stop.
   */
  onAdded?(listener: (namespace: string) => void): () => void
}

/** The title of that 404, which clients may tell apart from an unknown server's. */
export const NAMESPACE_NOT_MANAGED = 'Namespace not managed'

/**
 * The 404 of a namespace that is not managed, or not the caller's: one wording for both, so
 * a tenant cannot tell another tenant's namespace from one that does not exist.
 */
export function namespaceNotFound(namespace: string): LifecycleError {
  return new LifecycleError(
    'not-found',
    `Namespace '${namespace}' is not managed here, or not yours.`,
    { title: NAMESPACE_NOT_MANAGED }
  )
}

/**
 * A list of namespaces, each with its ports built once; the default one must be among them.
 * Lookups go through a Map: a namespace name from a request never indexes a plain object.
 */
export function listedNamespaces(
  defaultNamespace: string,
  scopes: readonly NamespaceScope[]
): ManagedNamespaces {
  const byName = new Map(scopes.map((scope) => [scope.namespace, scope]))
  if (!byName.has(defaultNamespace)) {
    throw new Error(`The default namespace '${defaultNamespace}' is not among the managed ones.`)
  }
  const names = [...byName.keys()].sort()
  return {
    defaultNamespace,
    selection: { all: false, namespaces: names },
    scope: (namespace) => byName.get(namespace),
    known: () => names,
  }
}
