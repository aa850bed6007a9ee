import type { CallToolResult } from '@modelcontextprotocol/server'

/** A successful result: the view as structured content, and the same JSON as text. */
export function toolResult(view: object): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(view) }],
    structuredContent: view as Record<string, unknown>,
  }
}
