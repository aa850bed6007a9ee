import { problemSchema } from '@mcp-lifecycle/core'
import { toJsonSchema } from '@valibot/to-json-schema'
import type { GenericSchema, ObjectEntries } from 'valibot'
import { describeRoute, resolver } from 'hono-openapi'

/** A problem+json (RFC 9457) answer, as every error of the API is. */
export const describeProblem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: resolver(problemSchema) } },
})

/** What a route reads, as the core schemas it validates with (`validate`). */
export interface OperationInputs {
  params?: GenericSchema
  query?: GenericSchema
  /** A JSON body; documented even when the route reads the raw bytes itself (webhooks). */
  body?: GenericSchema
  description?: string
}

/**
 * The OpenAPI description of one route, through hono-openapi's public describeRoute: its
 * inputs, its answer schema and the problems it can answer. The inputs are the same core
 * schemas the route validates with, so the document cannot drift from the checks.
 */
export function describeOperation(
  summary: string,
  answer: GenericSchema,
  errors: Record<number, string>,
  inputs: OperationInputs = {}
) {
  const responses: Record<string, unknown> = {
    200: { description: 'OK', content: { 'application/json': { schema: resolver(answer) } } },
  }
  for (const [status, description] of Object.entries(errors))
    responses[status] = describeProblem(description)
  responses[503] = describeProblem('The Kubernetes API server cannot be reached or is overloaded')
  const parameters = [
    ...describeParameters('path', inputs.params),
    ...describeParameters('query', inputs.query),
  ]
  return describeRoute({
    summary,
    ...(inputs.description && { description: inputs.description }),
    tags: ['servers'],
    ...(parameters.length > 0 && { parameters }),
    ...(inputs.body && {
      requestBody: { content: { 'application/json': { schema: resolver(inputs.body) } } },
    }),
    responses: responses as never,
  })
}

/** One OpenAPI parameter per key of an object schema. */
function describeParameters(place: 'path' | 'query', schema: GenericSchema | undefined) {
  if (!schema || !('entries' in schema)) return []
  return Object.entries(schema.entries as ObjectEntries).map(([name, entry]) => {
    const { $schema: _, ...json } = toJsonSchema(entry, { errorMode: 'ignore' }) as Record<
      string,
      unknown
    >
    return {
      name,
      in: place,
      required: place === 'path' || (entry.type !== 'optional' && entry.type !== 'exact_optional'),
      schema: json,
    }
  })
}

/**
 * Problems every per-server route can answer. Those of authentication and of the bounds (401,
 * 413, 429) are added to every route by `secureOperations`.
 */
export const SERVER_ERRORS = {
  400: 'Invalid input; `errors` names the field',
  403: "Not allowed: the credential's scope or server pattern, or the cluster's RBAC",
  404: 'No MCP server of that name in the namespace',
}

/** Problems every mutation can answer on top. */
export const MUTATION_ERRORS = {
  ...SERVER_ERRORS,
  409: 'The Deployment kept changing concurrently',
  422: 'The cluster rejected the change',
}

/** A mutation that can wait for readiness (start, scale). */
export const WAITING_MUTATION_ERRORS = {
  ...MUTATION_ERRORS,
  504: 'Not ready before the timeout; `server` holds the last seen status',
}
