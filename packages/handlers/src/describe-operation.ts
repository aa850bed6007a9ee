import { problemSchema } from '@mcp-lifecycle/core'
import type { GenericSchema } from 'valibot'
import type { MiddlewareHandler } from 'hono'
import { describeRoute, resolver, uniqueSymbol } from 'hono-openapi'

/** A problem+json (RFC 9457) answer, as every error of the API is. */
export const describeProblem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: resolver(problemSchema) } },
})

/** The OpenAPI description of one route: its answer schema and the problems it can answer. */
export function describeOperation(
  summary: string,
  answer: GenericSchema,
  errors: Record<number, string>,
  description?: string
) {
  const responses: Record<string, unknown> = {
    200: { description: 'OK', content: { 'application/json': { schema: resolver(answer) } } },
  }
  for (const [status, description] of Object.entries(errors))
    responses[status] = describeProblem(description)
  responses[503] = describeProblem('The Kubernetes API server cannot be reached or is overloaded')
  return describeRoute({
    summary,
    ...(description && { description }),
    tags: ['servers'],
    responses: responses as never,
  })
}

/**
 * Documents a JSON body that the route reads itself (a signed webhook must be verified on its
 * raw bytes before it is parsed): a pass-through carrying the schema for the OpenAPI document.
 */
export function documentJsonBody(schema: GenericSchema): MiddlewareHandler {
  const passThrough: MiddlewareHandler = (_c, next) => next()
  return Object.assign(passThrough, { [uniqueSymbol]: { target: 'json', ...resolver(schema) } })
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
