import {
  createServerChangeHub,
  listEveryNamespace,
  watchEveryNamespace,
  type OperationContext,
  type ServerChangeHub,
  listServers,
  serverListSchema,
  watchServerList,
} from '@mcp-lifecycle/core'
import * as v from 'valibot'
import {
  admitStream,
  callScope,
  createBaseApp,
  type HandlerDeps,
  keptJson,
  operationContext,
  streamSlotsOf,
  validate,
} from '@mcp-lifecycle/http-kit'
import { describeOperation } from './describe-operation.ts'
import {
  DEFAULT_HEARTBEAT_MS,
  encodeChangeEvent,
  streamServerChanges,
} from './server-change-stream.ts'

/** `?watch=true` turns the answer into a change stream. Strict, like every query of the API. */
const listQuery = v.strictObject({
  watch: v.optional(v.picklist(['true', 'false'], 'must be true or false'), 'false'),
  /** Every managed namespace the caller is given, each server naming its namespace. */
  all_namespaces: v.optional(v.picklist(['true', 'false'], 'must be true or false'), 'false'),
})

export interface ListAppOptions {
  /** How often a change stream sends its heartbeat comment. */
  heartbeatMs?: number
  /** How long changes are gathered before they are sent (latest per server). */
  coalesceMs?: number
}

/** GET /servers, and GET /servers?watch=true (Server-Sent Events). */
export function createListApp(deps: HandlerDeps, options: ListAppOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS
  // One watch, one view and one encoded event per change, for every stream of a namespace.
  // Keyed by managed namespaces only: the operation context refuses any other first.
  const hubs = new Map<string, ServerChangeHub<Uint8Array>>()
  const hubOf = (ctx: OperationContext) => {
    const key = ctx.where?.namespace ?? ''
    let hub = hubs.get(key)
    if (!hub) {
      hub = createServerChangeHub({
        backend: ctx.backend,
        encode: encodeChangeEvent,
        ...(ctx.where && { where: ctx.where }),
        ...(deps.endpointOptions && { endpointOptions: deps.endpointOptions }),
        ...(ctx.discoveryViews && { discovery: ctx.discoveryViews }),
        ...(options.coalesceMs !== undefined && { coalesceMs: options.coalesceMs }),
      })
      hubs.set(key, hub)
    }
    return hub
  }
  const slots = streamSlotsOf(deps)
  return createBaseApp(deps).get(
    '/servers',
    describeOperation(
      'List MCP servers',
      serverListSchema,
      { 403: 'The cluster refused the call (RBAC)' },
      {
        query: listQuery,
        description:
          "With `watch=true`, a `text/event-stream`: `event: list` with the list (each server with `last_activity`, `idle_timeout` and, when known, `discovery`), then `event: server` for each server whose status, replicas, endpoints, last activity, idle timeout or discovery changed, and `event: removed` ({name}); a comment line every 15 s. A change after a quiet spell is sent at once; those that follow are sent at most every 100 ms, the latest per server. Open streams are bounded in all and per principal (503 with Retry-After); a stream ends with `event: error` (401) once its credential is revoked or expires. With managed namespaces every event names its `namespace`; with `all_namespaces=true` the stream follows every namespace the caller is given: one `list` per namespace (it replaces that namespace's servers), then the changes of each; when every namespace is managed, one that comes to hold MCP servers while the stream is open joins it with its own `list`.",
      }
    ),
    validate('query', listQuery),
    async (c) => {
      const query = c.req.valid('query')
      const every = query.all_namespaces === 'true'
      if (query.watch === 'false') {
        const { servers } = every
          ? await listEveryNamespace(deps, callScope(c))
          : await listServers(operationContext(c, deps))
        return keptJson(c, servers, () => ({ servers }))
      }
      const ctx = every ? undefined : operationContext(c, deps)
      const stream = admitStream(c, deps, slots)
      try {
        // Access is checked by this call, so a refusal is a problem answer rather than a stream.
        return streamServerChanges(
          c,
          (listener) => {
            if (ctx) return watchServerList(ctx, hubOf(ctx), listener)
            const watch = watchEveryNamespace(deps, callScope(c), hubOf, listener)
            // Given no namespace: an empty list, so the client knows it has everything.
            if (deps.namespaces && watch.namespaces.length === 0)
              listener.list(encodeChangeEvent('list', '{"servers":[]}'))
            return watch.stop
          },
          { heartbeatMs, signal: stream.signal, onClose: stream.close }
        )
      } catch (error) {
        stream.close()
        throw error
      }
    }
  )
}
