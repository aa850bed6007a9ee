import { createServerApps } from '@mcp-lifecycle/handlers'
import { composeApp } from '@mcp-lifecycle/runtime'
import { serveOnLoopback } from '@mcp-lifecycle/runtime/testing'
import type { Server } from 'node:http'
import { createDashboardApp } from '../create-dashboard-app.ts'

// What the dashboard's browser tests serve: the page and the five routes it calls, composed
// as apps/server composes them (authentication included), on a loopback port.

type Deps = Parameters<typeof createDashboardApp>[0] & Parameters<typeof createServerApps>[0]

export async function serveDashboard(deps: Deps): Promise<{ server: Server; url: string }> {
  const app = composeApp(deps, [...createServerApps(deps), createDashboardApp(deps)])
  const { server, url } = await serveOnLoopback(app.fetch)
  return { server, url: `${url}/` }
}
