import { serve, type ServerType } from '@hono/node-server'
import type { Hono } from 'hono'
import { createServer, type Server } from 'node:http'
import { SHUTTING_DOWN, type Runtime } from './create-runtime.ts'
import { limitConnections } from './limit-connections.ts'
import { prewarmTls } from './prewarm-tls.ts'
import { requestDeadlines } from './request-deadlines.ts'
import type { RequestListener } from './read-lane.ts'

/**
 * Serves an app on HOST:PORT, with connection caps and request deadlines. On SIGTERM or SIGINT: stop accepting, let in-flight requests
 * finish for MCPL_SHUTDOWN_GRACE_SECONDS, then cancel the waits still running (they answer
 * 503) and exit 0 once every connection is closed.
 */
export function serveApp(
  app: Hono,
  runtime: Runtime,
  label: string,
  /** Takes some requests before @hono/node-server's listener (the manager's reads). */
  lane?: (hono: RequestListener) => RequestListener
): ServerType {
  const { settings, logger } = runtime
  clearLazyFetchGlobals()
  const serverOptions = requestDeadlines({
    headersSeconds: settings.MCPL_HEADERS_TIMEOUT_SECONDS,
    requestSeconds: settings.MCPL_REQUEST_TIMEOUT_SECONDS,
  })
  const server = serve(
    {
      fetch: app.fetch,
      port: settings.PORT,
      hostname: settings.HOST,
      serverOptions,
      ...(lane && {
        createServer: ((options: object, hono: RequestListener) =>
          createServer(options, lane(hono))) as typeof createServer,
      }),
    },
    (info) => {
      logger.info({ address: info.address, port: info.port }, `${label} listening`)
      prewarmTls()
    }
  )
  limitConnections(server, {
    total: settings.MCPL_MAX_CONNECTIONS,
    perAddress: settings.MCPL_MAX_CONNECTIONS_PER_ADDRESS,
  })
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down')
    server.close(() => {
      logger.info('stopped')
      process.exit(0)
    })
    ;(server as Server).closeIdleConnections?.()
    const grace = setTimeout(
      () => runtime.shutdown.abort(SHUTTING_DOWN),
      settings.MCPL_SHUTDOWN_GRACE_SECONDS * 1000
    )
    grace.unref()
    // A connection that never ends must not keep the process alive for ever.
    setTimeout(() => process.exit(0), (settings.MCPL_SHUTDOWN_GRACE_SECONDS + 5) * 1000).unref()
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
  return server
}

/**
 * @hono/node-server installs its own Request and Response as globals. Node's are lazy: touching
 * them (even their descriptors) loads Node's own undici inside a function's cold start, though
 * the bundle carries its own (apps/functions/bundle-plugins.mjs). Deleted first, they stay unloaded.
 */
function clearLazyFetchGlobals(): void {
  // Not even their descriptors are read: that loads them too. node-server redefines both anyway.
  for (const name of ['Request', 'Response']) Reflect.deleteProperty(globalThis, name)
}

/** Start-up failures (bad configuration, no kubeconfig) print one line and exit 1. */
export function startOrExit(start: () => void): void {
  try {
    start()
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
}
