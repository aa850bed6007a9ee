// The manager the CLI's tests talk to: the server app over a memory backend, on a loopback port.
import type { ServerType } from '@hono/node-server'
import type { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { createServerApp } from '@mcp-lifecycle/server'
import { serveOnLoopback } from '@mcp-lifecycle/runtime/testing'

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
  const { server, url } = await serveOnLoopback(fetch)
  return { server, url }
}
