import { parseInput } from '@mcp-lifecycle/core'
import type * as v from 'valibot'

/**
 * Validates a tool's arguments with its valibot schema (the one its inputSchema comes from) and
 * returns the output, defaults filled in. The first issue becomes LifecycleError('invalid')
 * naming the argument, in the words every entry point uses, so the agent can correct exactly
 * that one.
 */
export function parseArguments<Schema extends v.GenericSchema>(
  schema: Schema,
  args: Record<string, unknown> | undefined
): v.InferOutput<Schema> {
  return parseInput(schema, args ?? {}, { noun: 'argument', whole: 'arguments' })
}
