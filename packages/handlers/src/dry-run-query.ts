import * as v from 'valibot'

/**
 * `?dry_run=true` on a mutation: validated and authorized by the cluster, nothing persisted.
 * Strict: `?dryRun=All` or `?DRY_RUN=true` must not quietly make a real change.
 */
export const dryRunQuery = v.strictObject({
  dry_run: v.optional(v.picklist(['true', 'false'], 'must be true or false'), 'false'),
})
