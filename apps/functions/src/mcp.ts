// The lifecycle operations as MCP tools (POST /mcp), as one Knative service (one bundle).
import { createMcpApp } from '@mcp-lifecycle/mcp'
import { serveFunction } from '@mcp-lifecycle/runtime'

serveFunction('mcp-lifecycle-mcp', (deps) => [createMcpApp(deps)])
