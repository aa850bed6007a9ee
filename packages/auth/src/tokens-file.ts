import * as v from 'valibot'
import { serverPattern } from '@mcp-lifecycle/core'

const entry = {
  /** Shown in logs and audit lines instead of the token. */
  id: v.pipe(
    v.string(),
    v.regex(/^[\w.:@-]{1,64}$/, 'id: letters, digits and . : @ - _ (at most 64)')
  ),
  scope: v.picklist(['read', 'write'], "scope must be 'read' or 'write'"),
  servers: v.optional(serverPattern),
}

/**
 * The tokens file (a Kubernetes Secret mounted as a file): each token either in clear
 * (`token`, at least 24 characters) or already hashed (`sha256`, hex), so the Secret need not
 * hold the token itself.
 */
export const tokensFileSchema = v.object({
  tokens: v.array(
    v.union([
      v.strictObject({
        ...entry,
        token: v.pipe(v.string(), v.minLength(24, 'token must be at least 24 characters')),
      }),
      v.strictObject({
        ...entry,
        sha256: v.pipe(v.string(), v.regex(/^[a-f0-9]{64}$/, 'sha256 must be 64 hex digits')),
      }),
    ])
  ),
})

export type TokensFile = v.InferOutput<typeof tokensFileSchema>
