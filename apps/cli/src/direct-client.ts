import {
  byName,
  createOperationContext,
  createRequestSchemas,
  isLifecycleError,
  LifecycleError,
  getServerStatus,
  listServers,
  scaleServer,
  startServer,
  stopServer,
  toSummary,
  type EndpointOptions,
  type LifecycleBackend,
  type Limits,
  type ServerPods,
} from '@mcp-lifecycle/core'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CallOptions, Client } from './client.ts'
import { parseRequest } from './parse-input.ts'

export interface DirectClientOptions {
  backend: LifecycleBackend
  /** The servers' pods: a start fails fast with why a pod cannot start, as over HTTP. */
  pods?: ServerPods
  /** How endpoint URLs are written, as the manager's settings would give them. */
  endpointOptions?: EndpointOptions
  /** The bounds and defaults of request bodies, as the manager's settings would give them. */
  limits: Limits
  /** Where the backend points, for messages. */
  target: string
  /** The first pause before `watch` follows the cluster again; doubled each time, up to 30 s. */
  retryDelayMs?: number
}

const MAX_RETRY_DELAY_MS = 30_000

/**
 * A Client straight to the cluster: the same schemas and core operations the HTTP handlers
 * use, over a backend of our own, so answers and errors are the API's without a manager.
 */
export function createDirectClient({
  backend,
  pods,
  endpointOptions,
  limits,
  target,
  retryDelayMs = 1000,
}: DirectClientOptions): Client {
  const schemas = createRequestSchemas(limits)
  const ctx = (call: CallOptions = {}) =>
    createOperationContext({ backend, pods, endpointOptions }, call)
  return {
    target,
    list: (call, allNamespaces) => {
      if (allNamespaces) throw ALL_NAMESPACES_NEEDS_URL
      return listServers(ctx(call))
    },
    status: (name, call) => getServerStatus(ctx(call), name),
    start: (name, body, call) =>
      startServer(ctx(call), name, parseRequest(schemas.start, body).request),
    stop: (name, body, call) =>
      stopServer(ctx(call), name, parseRequest(schemas.stop, body).request),
    scale: (name, body, call) =>
      scaleServer(ctx(call), name, parseRequest(schemas.scale, body).request),
    // The adapter's watch gives up after a few seconds of outage; `mcpl watch` runs until Ctrl-C,
    // so it follows again (with the whole list) once the API server is back, as it does with
    // --url: an API server restart ended it (issue 26). Other failures (403, ...) end it.
    async *watch(signal) {
      let failures = 0
      for (;;) {
        try {
          for await (const servers of backend.watchServers(signal)) {
            failures = 0
            const summaries = servers.map((s) => toSummary(s, endpointOptions))
            // Sorted as listServers sorts, so a watch and a list print the same table.
            summaries.sort(byName)
            yield { servers: summaries }
          }
          return
        } catch (error) {
          if (signal.aborted || !isLifecycleError(error) || error.kind !== 'unavailable')
            throw error
          const backoff = retryDelayMs * 2 ** Math.min(failures++, 30)
          await sleep(Math.min(backoff, MAX_RETRY_DELAY_MS), undefined, { signal })
        }
      }
    },
  }
}

const ALL_NAMESPACES_NEEDS_URL = new LifecycleError(
  'invalid',
  'all-namespaces: applies with --url only (a manager knows its namespaces); without, use -n.',
  { field: 'all-namespaces' }
)
