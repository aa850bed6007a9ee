import type { DeploymentSnapshot } from '@mcp-lifecycle/core'
import { discoveryCallOf, type DiscoveryCall } from './discovery-call.ts'
import type { DiscoveryKeeper } from './discovery-keeper.ts'
import type { CallHeaders, ProxyCall } from './proxy-call.ts'
import { listsChangedIn, rpcResultOf } from './rpc-result.ts'
import { answeredOk, type PodAnswer } from './pod-answer.ts'
import type { TapOptions } from './tap-body.ts'
import { podsAnswer } from './pods-answer.ts'

/** A discovery request's body is small; a larger one is never read ahead of the proxy's bounds. */
const MAX_PEEKED_BODY_BYTES = 64 * 1024
/** A discovery answer larger than this is relayed but not kept. */
export const MAX_KEPT_ANSWER_BYTES = 256 * 1024

/**
 * The answer to a 2026-07-28 discovery request (`server/discover`, the lists) for a server
 * with no Ready pod, from what was kept, when the rules allow it (core's discovery-serving.ts);
 * undefined otherwise, and the request goes on (waking the server). The caller's access was
 * checked before.
 */
export async function answerAsleep(
  keeper: DiscoveryKeeper,
  request: ProxyCall,
  name: string,
  principal: string,
  deployment: DeploymentSnapshot
): Promise<Response | undefined> {
  if (podsAnswer(deployment) || request.method !== 'POST') return undefined
  const declared = Number(request.headers.get('content-length') ?? undefined)
  if (!(declared > 0 && declared <= MAX_PEEKED_BODY_BYTES)) return undefined
  const headers = request.headers
  const call = discoveryCallOf(await request.body(), headers)
  if (!call?.modern || !headersAgree(call, headers)) return undefined
  const kept = await keeper.answer(name, deployment, call, principal)
  return kept && Response.json({ jsonrpc: '2.0', id: call.id, result: kept.result })
}

/** The 2026-07-28 headers mirror the body; a request whose do not is the server's to refuse. */
function headersAgree(call: DiscoveryCall, headers: CallHeaders): boolean {
  const method = headers.get('mcp-method')
  const version = headers.get('mcp-protocol-version')
  return (
    (method === null || method === call.method) && (version === null || version === call.revision)
  )
}

export interface RelayedAnswer {
  name: string
  deployment: DeploymentSnapshot | undefined
  body: Uint8Array | undefined
  headers: CallHeaders
  principal: string
}

/**
 * What discovery takes of the pod's answer as it passes to the client (undefined: nothing): a
 * complete 2xx answer to a discovery request is kept; a `notifications/.../list_changed` in an
 * SSE stream drops the kept list.
 */
export function discoveryTap(
  keeper: DiscoveryKeeper,
  relayed: RelayedAnswer,
  answer: PodAnswer
): TapOptions | undefined {
  if (answer.body === null) return undefined
  const contentType = answer.headers.get('content-type') ?? ''
  const sse = contentType.includes('text/event-stream')
  const call = answeredOk(answer) ? discoveryCallOf(relayed.body, relayed.headers) : undefined
  if (!sse && !call) return undefined
  return {
    maxBytes: MAX_KEPT_ANSWER_BYTES,
    ...(sse && { scan: (text) => keeper.listsChanged(relayed.name, listsChangedIn(text)) }),
    ...(call && {
      onComplete: (text) => {
        const result = rpcResultOf(text, contentType, call.id)
        if (result) keeper.keep(relayed.name, relayed.deployment, call, relayed.principal, result)
      },
    }),
  }
}
