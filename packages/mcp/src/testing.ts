// For the tests of the apps serving the MCP server: real clients of every kind, and the wire.
export {
  CLIENT_MODES,
  connectTestClient,
  EXPECTED_REVISION,
  serverPerClientMode,
  withTestClient,
} from './mcp-clients.ts'
export type { ClientMode, ProgressUpdate, TestClient, ToolResult, Target } from './mcp-clients.ts'
export { startMcpTestServer } from './mcp-test-server.ts'
export type { McpTestServer } from './mcp-test-server.ts'
