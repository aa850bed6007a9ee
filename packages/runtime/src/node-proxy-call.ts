import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CallHeaders, ProxyCall } from '@mcp-lifecycle/activator'
import type { Principal } from '@mcp-lifecycle/core'

/**
 * A request of the manager's lane as the proxy sees it, from node's own request: what
 * mcp-route.ts makes of hono's context, without a fetch Request. Its body is read once, whole
 * (the lane takes only a declared length within the body limit). Its signal is aborted when the
 * client goes away and at `shutdown`, so the proxy combines no signals per call.
 */
export function nodeProxyCall(
  req: IncomingMessage,
  res: ServerResponse,
  caller: { headers: CallHeaders; requestId: string; principal: Principal | undefined },
  shutdown: AbortSignal | undefined
): ProxyCall {
  let signal: AbortSignal | undefined
  let body: Promise<Uint8Array> | undefined
  return {
    method: req.method!,
    url: req.url!,
    headers: caller.headers,
    principal: caller.principal,
    requestId: caller.requestId,
    namespace: undefined,
    // Made when first asked: aborted when the connection closes before the answer is over.
    get signal() {
      signal ??= callSignal(res, shutdown)
      return signal
    },
    followsShutdown: true,
    body: () => (body ??= readWhole(req)),
  }
}

function callSignal(res: ServerResponse, shutdown: AbortSignal | undefined): AbortSignal {
  const controller = new AbortController()
  const clientGone = () => {
    if (!res.writableFinished) controller.abort(new Error('The client went away.'))
  }
  if (res.destroyed) clientGone()
  else res.once('close', clientGone)
  if (!shutdown) return controller.signal
  const shuttingDown = () => controller.abort(shutdown.reason)
  if (shutdown.aborted) shuttingDown()
  else {
    shutdown.addEventListener('abort', shuttingDown, { once: true })
    // One listener per request in flight, not one per request ever made.
    res.once('close', () => shutdown.removeEventListener('abort', shuttingDown))
  }
  return controller.signal
}

/** The body to its end (events, not an async iterator: one fewer promise per chunk). */
function readWhole(req: IncomingMessage): Promise<Uint8Array> {
  const gone = () => new Error('The client went away before its body ended.')
  // Closed already (the client left while the call was authenticated): no event will come.
  if (req.destroyed && !req.readableEnded) return Promise.reject(gone())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    req.once('error', reject)
    req.once('close', () => {
      if (!req.readableEnded) reject(gone())
    })
  })
}
