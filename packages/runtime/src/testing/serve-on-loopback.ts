// Shared by the tests that talk to an app over real HTTP: hono's node server on a free port.
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A served app: its server (to close), its port, and its origin `http://127.0.0.1:<port>`. */
export interface LoopbackServer {
  server: Server
  port: number
  url: string
}

/** Serves `fetch` on a free port of 127.0.0.1; resolves once it listens. */
export function serveOnLoopback(
  fetch: (request: Request) => Response | Promise<Response>
): Promise<LoopbackServer> {
  return new Promise((resolve) => {
    // Without options for http2 or https, serve() makes a node:http server.
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server, port: info.port, url: `http://127.0.0.1:${info.port}` })
    ) as Server
  })
}
