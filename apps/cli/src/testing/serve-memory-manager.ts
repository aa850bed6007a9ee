// The manager the CLI's tests talk to: the server app over a memory backend, on a loopback port.
import { serve, type ServerType } from '@hono/node-server'
import type { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { createServerApp } from '@mcp-lifecycle/server'
import type { AddressInfo } from 'node:net'

export async function serveMemoryManager(
  backend: MemoryBackend,
  options: { maxTimeoutSeconds: number; onRequest?: (request: Request) => void }
): Promise<{ server: ServerType; url: string }> {
  const app = createServerApp({
    backend,
    limits: { maxReplicas: 10, maxTimeoutSeconds: options.maxTimeoutSeconds },
    logError: () => {},
  })
  const fetch = (request: Request) => {
    options.onRequest?.(request)
    return app.fetch(request)
  }
  let server!: ServerType
  const url = await new Promise<string>((resolve) => {
    server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`)
    )
  })
  return { server, url }
}
