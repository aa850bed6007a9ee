import { LifecycleError } from '@mcp-lifecycle/core'
import * as v from 'valibot'

/**
 * Validates a tool's arguments with its valibot schema (the one its inputSchema comes from) and
 * returns the output, defaults filled in. The first issue becomes LifecycleError('invalid')
 * naming the argument, so the agent can correct exactly that one.
 */
export function parseArguments<Schema extends v.GenericSchema>(
  schema: Schema,
  args: Record<string, unknown> | undefined
): v.InferOutput<Schema> {
  // Only the keys the caller sent: valibot reads an entry with `in`, which would also find one
  // inherited from the object's prototype.
  const result = v.safeParse(schema, Object.fromEntries(Object.entries(args ?? {})))
  if (result.success) return result.output
  // A misspelt argument also leaves the right one missing; name the typo first.
  const issue = result.issues.find(isUnknownKey) ?? result.issues[0]
  const field = v.getDotPath(issue) ?? 'arguments'
  throw new LifecycleError('invalid', `${field}: ${describeIssue(issue, schema)}`, { field })
}

// A strict object reports an unknown key as "Expected never"; say what is accepted instead.
function isUnknownKey(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === 'strict_object' && issue.expected === 'never'
}

function describeIssue(issue: v.BaseIssue<unknown>, schema: v.GenericSchema): string {
  if (isUnknownKey(issue)) {
    const known = 'entries' in schema ? Object.keys(schema.entries as v.ObjectEntries) : []
    return `unknown argument; this tool takes ${known.length > 0 ? known.join(', ') : 'none'}`
  }
  if (issue.received === 'undefined') return 'is required'
  return issue.message
}
