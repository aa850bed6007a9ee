import {
  createRequestSchemas,
  DEFAULT_LIMITS,
  namespaceName,
  serverName,
  type Limits,
} from '@mcp-lifecycle/core'
import * as v from 'valibot'

/**
 * Adds a description an agent reads to each of core's entries. Requiring a text per key means a
 * field added to a core body schema fails to compile here until it is described. The described
 * schema validates exactly as core's (a description is metadata), so the cast only hides the
 * extra pipe from the type.
 */
function describe<E extends v.ObjectEntries>(entries: E, texts: { [K in keyof E]: string }): E {
  const described = Object.entries(entries).map(([key, schema]) => [
    key,
    v.pipe(schema, v.description(texts[key as keyof E])),
  ])
  return Object.fromEntries(described) as E
}

const NAME = 'Name of the MCP server (its Deployment name), as list_mcp_servers shows it.'
const NAMESPACE =
  "Namespace of the MCP server; omitted: the manager's default namespace. Only managed namespaces the caller is given exist."
const TIMEOUT =
  'Seconds to wait for the ready replicas before giving up with an error; the server keeps converging after that.'

/**
 * The arguments of the five tools, built from core's schemas so the MCP tools, the HTTP API and
 * their JSON Schemas share one source of truth. Objects are strict: a misspelt argument is an
 * error, never a silent default.
 */
export function createToolSchemas(limits: Limits = DEFAULT_LIMITS) {
  const body = createRequestSchemas(limits)
  const name = describe(
    { name: serverName, namespace: v.optional(namespaceName) },
    { name: NAME, namespace: NAMESPACE }
  )
  return {
    list_mcp_servers: v.strictObject(
      describe({ namespace: v.optional(namespaceName) }, { namespace: NAMESPACE })
    ),
    get_mcp_status: v.strictObject(name),
    start_mcp: v.strictObject({
      ...name,
      ...describe(body.start.entries, {
        wait_ready: 'Wait until the server is running before answering (default true).',
        timeout: TIMEOUT,
      }),
    }),
    stop_mcp: v.strictObject({
      ...name,
      ...describe(body.stop.entries, {
        force:
          'Delete the pods at once (grace period 0) instead of letting them finish in-flight requests (default false).',
      }),
    }),
    scale_mcp: v.strictObject({
      ...name,
      ...describe(body.scale.entries, {
        replicas: `Desired number of replicas, 0 to ${limits.maxReplicas}; 0 stops the server.`,
        wait_ready:
          'Wait until that many replicas are ready (or, for 0, none is left) before answering (default false).',
        timeout: TIMEOUT,
      }),
    }),
  }
}

export type ToolSchemas = ReturnType<typeof createToolSchemas>
export type ToolName = keyof ToolSchemas
