import { LifecycleError } from '@mcp-lifecycle/core'
import * as v from 'valibot'

/**
 * Checked, not parsed: the answer is printed as it came, keys a newer manager adds included.
 * A body of another shape means --url points at something else, and says so.
 */
export function checkAnswer<Schema extends v.GenericSchema>(
  schema: Schema,
  answer: unknown,
  source: string
): v.InferOutput<Schema> {
  const check = v.safeParse(schema, answer)
  if (check.success) return answer as v.InferOutput<Schema>
  const issue = check.issues[0]
  const what =
    answer === undefined ? 'not JSON' : `${v.getDotPath(issue) ?? 'body'}: ${issue.message}`
  throw new LifecycleError(
    'internal',
    `${source} with an unexpected body (${what}); is it an mcp-lifecycle manager?`
  )
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
