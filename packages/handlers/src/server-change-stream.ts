import { toProblem, type ServerChange } from '@mcp-lifecycle/core'
import type { Context } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'

/** A comment line this often keeps proxies and clients from taking a quiet stream for dead. */
export const DEFAULT_HEARTBEAT_MS = 15_000

/**
 * Sends server changes as Server-Sent Events (`event: list | server | removed`, JSON data)
 * with a heartbeat comment between them, until the client leaves or the changes end; `stop`
 * (which ends the changes) is aborted either way. A failure after the stream began is sent as an `error` event with the problem
 * body, since the status line has gone out already.
 */
export function streamServerChanges(
  c: Context,
  changes: AsyncIterable<ServerChange>,
  stop: AbortController,
  heartbeatMs = DEFAULT_HEARTBEAT_MS
): Response {
  // Proxies such as nginx would otherwise buffer the events.
  c.header('X-Accel-Buffering', 'no')
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => stop.abort())
    const heartbeat = setInterval(
      () => stream.write(': heartbeat\n\n').catch(() => {}),
      heartbeatMs
    )
    try {
      for await (const change of changes) await send(stream, change)
    } catch (error) {
      if (!stop.signal.aborted && !stream.aborted)
        await stream.writeSSE({ event: 'error', data: JSON.stringify(toProblem(error)) })
    } finally {
      clearInterval(heartbeat)
      stop.abort()
    }
  })
}

function send(stream: SSEStreamingApi, change: ServerChange): Promise<void> {
  const data =
    change.type === 'list'
      ? { servers: change.servers }
      : change.type === 'server'
        ? change.server
        : { name: change.name }
  return stream.writeSSE({ event: change.type, data: JSON.stringify(data) })
}
