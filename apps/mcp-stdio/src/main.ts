#!/usr/bin/env node
// The lifecycle tools over stdio, for MCP clients that launch their servers as processes.
// Configured like the HTTP server (KUBECONFIG and the manager's settings, read by runtime). stdout is the
// protocol channel: logs go to stderr. The bin, bin/mcp-lifecycle-mcp.mjs, starts it from any
// Node.
import './console-to-stderr.ts'
import { createStdioServices, limitsOf, readSettings } from '@mcp-lifecycle/runtime'
import { createTools, serveMcpStdio } from '@mcp-lifecycle/mcp'

async function main(): Promise<void> {
  const settings = readSettings(process.env)
  // Every managed namespace, each with its ports (the runtime builds them from the settings).
  const services = createStdioServices(settings)
  const tools = createTools(limitsOf(settings))
  // One instance per connection, of the era the client opens with: server/discover (2026-07-28)
  // or initialize (2025-11-25). Both hear of status changes while they subscribe.
  const connection = serveMcpStdio({ services, tools })
  // The client ends the session by closing our stdin; closing aborts pending waits.
  const shutdown = () => void connection.close().finally(() => process.exit(0))
  process.stdin.once('end', shutdown)
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
  console.error(
    JSON.stringify({ level: 'info', msg: 'mcp-lifecycle MCP server listening on stdio' })
  )
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
