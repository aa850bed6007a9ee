import { createRequestSchemas, DEFAULT_LIMITS } from '@mcp-lifecycle/core'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'

/** The request schemas under the app's limits (the defaults when it was given none). */
export function schemasFor(deps: HandlerDeps) {
  return createRequestSchemas(deps.limits ?? DEFAULT_LIMITS)
}
