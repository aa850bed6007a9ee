import type { Tool } from '@modelcontextprotocol/server'
import { toJsonSchema } from '@valibot/to-json-schema'
import type * as v from 'valibot'

/** The JSON Schema shape MCP requires for a tool's inputSchema and outputSchema. */
export type ToolJsonSchema = Tool['inputSchema']

/**
 * Converts a valibot object schema for tools/list. MCP reads a schema without `$schema` as
 * JSON Schema 2020-12, so the draft-2020-12 output is sent without it: the keywords we emit mean
 * the same in draft-07, which some clients' validators (the SDK's Ajv among them) default to.
 */
export function toToolJsonSchema(schema: v.GenericSchema): ToolJsonSchema {
  const { $schema: _dialect, ...json } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    typeMode: 'input',
  }) as Record<string, unknown>
  if (json.type !== 'object') throw new Error('A tool schema must describe an object')
  return json as ToolJsonSchema
}
