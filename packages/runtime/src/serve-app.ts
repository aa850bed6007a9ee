import { serve, type ServerType } from '@hono/node-server'
import type { Hono } from 'hono'
import type { Server } from 'node:http'
import { SHUTTING_DOWN, type Runtime } from './create-runtime.ts'

/**
 * Serves an app on HOST:PORT. On SIGTERM or SIGINT: stop accepting, let in-flight requests
 * finish for MCPL_SHUTDOWN_GRACE_SECONDS, then cancel the waits still running (they answer
 * 503) and exit 0 once every connection is closed.
 */
export function serveApp(app: Hono, runtime: Runtime, label: string): ServerType {
  const { settings, logger } = runtime
  const server = serve({ fetch: app.fetch, port: settings.PORT, hostname: settings.HOST }, (info) =>
    logger.info({ address: info.address, port: info.port }, `${label} listening`)
  )
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

/** Start-up failures (bad configuration, no kubeconfig) print one line and exit 1. */
export function startOrExit(start: () => void): void {
  try {
    start()
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
}
