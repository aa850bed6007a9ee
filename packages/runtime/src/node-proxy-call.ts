import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CallHeaders, ProxyCall } from '@mcp-lifecycle/activator'
import type { Principal } from '@mcp-lifecycle/core'

/**
 * A request of the manager's lane as the proxy sees it, from node's own request: what
 * mcp-route.ts makes of hono's context, without a fetch Request. Its body is read once, whole
 * (the lane takes only a declared length within the body limit).
 */
export function nodeProxyCall(
  req: IncomingMessage,
  res: ServerResponse,
  caller: { headers: CallHeaders; requestId: string; principal: Principal | undefined }
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
      signal ??= clientGone(res)
      return signal
    },
    body: () => (body ??= readWhole(req)),
  }
}

function clientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController()
  const abort = () => {
    if (!res.writableFinished) controller.abort(new Error('The client went away.'))
  }
  if (res.destroyed) abort()
  else res.once('close', abort)
  return controller.signal
}

async function readWhole(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
