import type { AdapterContext } from './adapter-context.ts'
import { createAdapterContext, type AdapterConnection } from './create-adapter-context.ts'

/** Where the manager's own ports (activity, lease) reach the cluster; defaults as the backend's. */
export type K8sClientOptions = AdapterConnection

/** API clients for a port that lives apart from the backend (its own connection pool). */
export function createStandaloneContext(options: K8sClientOptions = {}): AdapterContext {
  return createAdapterContext(options)
}
