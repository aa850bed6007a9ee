import * as v from 'valibot'

/** `?dry_run=true` on a mutation: validated and authorized by the cluster, nothing persisted. */
export const dryRunQuery = v.object({
  dry_run: v.optional(v.picklist(['true', 'false'], 'must be true or false'), 'false'),
})
