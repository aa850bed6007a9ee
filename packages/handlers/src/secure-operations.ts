import { describeProblem } from './describe-operation.ts'

/**
 * The security schemes of the API document, and the problems that authentication and the
 * bounds answer on every route, for `documentation.components` of hono-openapi.
 */
export const SECURITY_COMPONENTS = {
  securitySchemes: {
    bearer: {
      type: 'http' as const,
      scheme: 'bearer',
      description:
        "A token of the manager's tokens file (opaque), or an OIDC JWT when the manager verifies JWTs. Scope `read` lists and reads status; `write` may do everything.",
    },
    // OpenAPI has no HMAC scheme: an apiKey in the header is the closest honest description.
    webhookSignature: {
      type: 'apiKey' as const,
      in: 'header' as const,
      name: 'X-Hub-Signature-256',
      description:
        "GitHub's scheme: `sha256=<hex>`, HMAC-SHA256 of the raw body with the source's secret (from the manager's webhook secrets file), with X-GitHub-Delivery. Standard Webhooks (recommended) signs id, timestamp and body instead: webhook-id, webhook-timestamp, webhook-signature (see the operation). Webhooks take no bearer token.",
    },
  },
  responses: {
    Unauthorized: describeProblem('No credential, or a wrong or expired one'),
    Forbidden: describeProblem(
      "Not allowed: the credential's scope or server pattern, or the cluster's RBAC"
    ),
    PayloadTooLarge: describeProblem("The body exceeds the manager's body size limit"),
    RateLimited: describeProblem(
      "Too many mutations by this caller (the manager's burst, then its rate per minute)"
    ),
  },
}

interface Operation {
  security?: Record<string, string[]>[]
  responses?: Record<string, unknown>
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const
const MUTATIONS = new Set<string>(['put', 'post', 'delete', 'patch'])
// JSON-RPC: refusals and the rate limit are answered inside the JSON-RPC answer.
const IN_BAND = new Set(['/mcp'])

const ref = (name: keyof typeof SECURITY_COMPONENTS.responses) => ({
  $ref: `#/components/responses/${name}`,
})

/**
 * Marks each operation of a generated document with what is checked before it runs: a bearer
 * token, except on /hooks/ (its signature); 401 and 403 everywhere, 413 and 429 on mutations.
 * compose-app answers 401 and 413 before any route; the core operations answer 403 and 429,
 * which /mcp reports in band instead. The public routes are not in the document. A route's own
 * description of one of these statuses is kept. Changes `document` in place and returns it.
 */
export function secureOperations<T extends { paths?: object }>(document: T): T {
  const paths = (document.paths ?? {}) as Record<string, Partial<Record<string, Operation>>>
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method]
      if (!operation) continue
      operation.security = [path.startsWith('/hooks/') ? { webhookSignature: [] } : { bearer: [] }]
      const responses = (operation.responses ??= {})
      const mutation = MUTATIONS.has(method)
      responses['401'] ??= ref('Unauthorized')
      if (mutation) responses['413'] ??= ref('PayloadTooLarge')
      if (IN_BAND.has(path)) continue
      responses['403'] ??= ref('Forbidden')
      if (mutation) responses['429'] ??= ref('RateLimited')
    }
  }
  return document
}
