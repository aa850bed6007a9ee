import * as v from 'valibot'
import { serverPattern } from '@mcp-lifecycle/core'

/** A JWT subject glob: the characters of `system:serviceaccount:<ns>:<name>` and OIDC ids, '*'. */
const subjectPattern = v.pipe(
  v.string(),
  v.regex(/^[\w.:@|*-]{1,253}$/, 'subject: letters, digits, . : @ | - _ and * (at most 253)')
)

/** A ServiceAccount name glob (DNS-1123 subdomain characters and '*'). */
const serviceAccountPattern = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9.*-]{1,253}$/, "serviceAccount: lowercase letters, digits, '.', '-' and '*'")
)

const rule = v.pipe(
  v.strictObject({
    subject: v.optional(subjectPattern),
    serviceAccount: v.optional(serviceAccountPattern),
    scope: v.picklist(['read', 'write'], "scope must be 'read' or 'write'"),
    servers: v.optional(serverPattern),
  }),
  v.check(
    (r) => (r.subject === undefined) !== (r.serviceAccount === undefined),
    'a rule names either a subject or a serviceAccount'
  )
)

/**
 * The subjects file (named by the operator's setting, see runtime): which JWT subjects get which scope. A rule names
 * either a `subject` glob, or a `serviceAccount` name glob of the namespace the process acts on
 * (shipped manifests do not know the namespace they are applied to).
 */
export const subjectRulesFileSchema = v.object({
  subjects: v.pipe(v.array(rule), v.maxLength(1000, 'subjects: at most 1000 rules')),
})

export type SubjectRulesFile = v.InferOutput<typeof subjectRulesFileSchema>
