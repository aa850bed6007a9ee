import { parseInput, serverName } from '@mcp-lifecycle/core'
import * as v from 'valibot'

/**
 * Command-line input goes through the API's own schemas, before any call: a bad name or count
 * is refused with the same message, naming the same field, as the HTTP API would answer.
 */
export function parseName(text: string): string {
  return parse(serverName, text, 'name')
}

/** A request checked by its schema, in two forms. */
export interface ParsedRequest<Schema extends v.GenericSchema> {
  /** With the schema's defaults filled in: what the operation will do. */
  request: v.InferOutput<Schema>
  /**
   * Only what the command line said: what goes over HTTP, so that a manager applies its own
   * defaults (its default timeout may be shorter than ours).
   */
  body: v.InferInput<Schema>
}

/**
 * Validates a request body (start, stop, scale) built from the command's arguments; keys whose
 * value is undefined were not given.
 */
export function parseRequest<Schema extends v.GenericSchema>(
  schema: Schema,
  input: Record<string, unknown>
): ParsedRequest<Schema> {
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined))
  const request = parse(schema, given, 'body')
  const body = Object.fromEntries(
    Object.keys(given).map((key) => [key, (request as Record<string, unknown>)[key]])
  )
  return { request, body: body as v.InferInput<Schema> }
}

/**
 * A number when the text is written as one, else the text itself, for the schema to refuse
 * by name. `Number()` alone would read '' as 0 and '0x10' as 16.
 */
export function toNumber(text: string | undefined): unknown {
  if (text === undefined) return undefined
  return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : text
}

function parse<Schema extends v.GenericSchema>(
  schema: Schema,
  input: unknown,
  whole: string
): v.InferOutput<Schema> {
  return parseInput(schema, input, { noun: 'field', whole })
}
