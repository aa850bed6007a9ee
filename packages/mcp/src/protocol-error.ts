import { McpError, type ErrorCode } from '@modelcontextprotocol/sdk/types.js'

/**
 * A JSON-RPC error for a request handler to throw. The SDK sends the thrown error's `message` as
 * the JSON-RPC message, and McpError's message already starts "MCP error <code>: ", which the
 * client's McpError adds again. So the message keeps only the text; the client prefixes it once.
 */
export function protocolError(code: ErrorCode, text: string): McpError {
  const error = new McpError(code, text)
  error.message = text
  return error
}
