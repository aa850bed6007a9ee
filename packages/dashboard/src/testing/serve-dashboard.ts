import { serve } from '@hono/node-server'
import { createServerApps } from '@mcp-lifecycle/handlers'
import { composeApp } from '@mcp-lifecycle/runtime'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDashboardApp } from '../create-dashboard-app.ts'

// What the dashboard's browser tests serve: the page and the five routes it calls, composed
// as apps/server composes them (authentication included), on a loopback port.

type Deps = Parameters<typeof createDashboardApp>[0] & Parameters<typeof createServerApps>[0]

export async function serveDashboard(deps: Deps): Promise<{ server: Server; url: string }> {
  const app = composeApp(deps, [...createServerApps(deps), createDashboardApp(deps)])
  let server!: Server
  const port = await new Promise<number>((resolve) => {
    // Without options for http2 or https, serve() makes a node:http server.
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(info.port)
    ) as Server
  })
  return { server, url: `http://127.0.0.1:${port}/` }
}
