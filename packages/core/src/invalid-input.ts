import * as v from 'valibot'
import { LifecycleError } from './errors.ts'

export interface ParseOptions {
  /** What the caller calls a key of this input: 'field', 'argument', 'query parameter'. */
  noun: string
  /** The field named when the issue has no path (the whole input is wrong). */
  whole: string
  /** Put before every field name, e.g. 'data' for a CloudEvent's data. */
  prefix?: string
}

/**
 * Parses input with a core schema, or throws LifecycleError('invalid') naming the field, in
 * one wording for every entry point (HTTP, webhooks, events, MCP, CLI). A misspelt key also
 * leaves the right one missing: the unknown key is named first, with the keys that are taken.
 */
export function parseInput<Schema extends v.GenericSchema>(
  schema: Schema,
  input: unknown,
  options: ParseOptions
): v.InferOutput<Schema> {
  const result = v.safeParse(schema, ownKeys(input))
  if (result.success) return result.output
  const issue = result.issues.find(isUnknownKey) ?? result.issues[0]
  const path = v.getDotPath(issue)
  const field = [options.prefix, path ?? (options.prefix ? undefined : options.whole)]
    .filter(Boolean)
    .join('.')
  throw new LifecycleError('invalid', `${field}: ${describe(issue, schema, input, options)}`, {
    field,
  })
}

/** Only the keys the caller sent: valibot reads an entry with `in`, which also finds inherited ones. */
function ownKeys(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input
  return Object.fromEntries(Object.entries(input))
}

// A strict object reports an unknown key as "Expected never".
function isUnknownKey(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === 'strict_object' && issue.expected === 'never'
}

function describe(
  issue: v.BaseIssue<unknown>,
  schema: v.GenericSchema,
  input: unknown,
  { noun }: ParseOptions
): string {
  if (isUnknownKey(issue)) {
    const known = knownKeys(schema, input)
    return `unknown ${noun}; ${known.length > 0 ? `the ${noun}s are ${known.join(', ')}` : `no ${noun} is taken`}`
  }
  if (issue.received === 'undefined' && issue.path) return 'is required'
  return issue.message
}

/** The keys an object schema takes; for a variant, those of the option the input chose. */
function knownKeys(schema: v.GenericSchema, input: unknown): string[] {
  if ('entries' in schema) return Object.keys(schema.entries as v.ObjectEntries)
  if (schema.type === 'variant' && 'options' in schema && 'key' in schema) {
    const key = schema.key as string
    const chosen =
      typeof input === 'object' && input !== null && Object.hasOwn(input, key)
        ? (input as Record<string, unknown>)[key]
        : undefined
    for (const option of schema.options as v.GenericSchema[]) {
      if (!('entries' in option)) continue
      const discriminator = (option.entries as v.ObjectEntries)[key]
      if (discriminator && v.is(discriminator, chosen)) return knownKeys(option, input)
    }
  }
  return []
}
