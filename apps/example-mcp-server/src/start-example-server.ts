import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createExampleServer } from './create-example-server.ts'
import type { Identity } from './identity.ts'
import { createBothErasHandler } from './both-eras-handler.ts'
import { createExampleServerV2 } from './create-example-server-v2.ts'
import { createMcpHttpHandler } from './mcp-http-handler.ts'
import type { ExampleServerOptions } from './options.ts'

export interface RunningExampleServer {
  /** The MCP endpoint: http://<host>:<port>/mcp */
  url: string
  identity: Identity
  close(): Promise<void>
}

/** Serves the example MCP server at /mcp on host:port; rejects when it cannot listen. */
export async function startExampleServer(
  options: ExampleServerOptions
): Promise<RunningExampleServer> {
  const identity: Identity = {
    pod: options.pod,
    ip: options.host,
    port: options.port,
    mode: options.mode,
    pid: process.pid,
  }
  const mcp =
    options.mode === 'both'
      ? createBothErasHandler(() => createExampleServerV2(identity))
      : createMcpHttpHandler(options.mode, () => createExampleServer(identity))
  const http = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/mcp') {
      return void res.writeHead(404).end()
    }
    mcp.handle(req, res).catch((error: unknown) => {
      console.error(error)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port, options.host, resolve)
  })
  // With port 0 the system chose one.
  identity.port = (http.address() as AddressInfo).port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${identity.port}/mcp`,
    identity,
    async close() {
      await mcp.close()
      http.closeAllConnections()
      await new Promise((resolve) => http.close(resolve))
    },
  }
}
