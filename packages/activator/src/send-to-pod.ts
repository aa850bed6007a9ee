import { setTimeout as delay } from 'node:timers/promises'
import { idleTimeoutMs, type PodSnapshot, type Principal, type Where } from '@mcp-lifecycle/core'
import { connectRetryPause } from './connect-retry.ts'
import { discoveryTap } from './discovery-proxy.ts'
import { forwardToPod, isConnectionRefused, type PodTarget } from './forward-to-pod.ts'
import type { JsonRpcId } from './listen-request.ts'
import { answeredOk, type PodAnswer } from './pod-answer.ts'
import type { PodLease } from './pod-load.ts'
import type { ProxyCall } from './proxy-call.ts'
import { podUnreachable, ProxyUnavailable } from './proxy-errors.ts'
import type { ProxySetup } from './proxy-setup.ts'
import type { ServerGate } from './server-gate.ts'
import type { SessionPin } from './session-token.ts'
import type { TapOptions } from './tap-body.ts'

/** A request the front door let in. */
export interface Admitted {
  call: ProxyCall
  name: string
  principal: Principal | undefined
  /** The namespace the route names (or the default one). */
  where: Where | undefined
  /** The pod and session the caller's session id is pinned to, if it sent one. */
  pinned: SessionPin | undefined
  incoming: string | undefined
}

/** One attempt at sending the request to a pod. */
export interface Attempt {
  gate: ServerGate
  lease: PodLease
  target: (pod: PodSnapshot) => PodTarget
  body: Uint8Array | undefined
  signal: AbortSignal
  deadline: number
  /** Connections the pods refused so far for this request (the pause grows with them). */
  refusals: number
  /** The id of a 2026-07-28 subscriptions/listen request: its open stream is not activity. */
  listen: JsonRpcId | undefined
}

/** The pod's answer to a request, with what the manager does with it as it passes. */
export interface Relayed {
  name: string
  answer: PodAnswer
  /** The id of a subscriptions/listen request: its stream is kept, to end it before a stop. */
  listen: JsonRpcId | undefined
  /** What discovery looks at in the answer's body. */
  tap: TapOptions | undefined
}

/**
 * Sends the request to the leased pod and gives the pod's answer. Undefined when the
 * pod refused the connection and a try after a growing pause (connect-retry.ts) fits before the
 * deadline.
 */
export async function sendToPod(
  s: ProxySetup,
  r: Admitted,
  a: Attempt
): Promise<Relayed | undefined> {
  const { pod, untrack } = a.lease
  let target: PodTarget
  try {
    target = a.target(pod)
  } catch (error) {
    untrack()
    throw error
  }
  // The pod's in-flight count and the gate's use last until the answer's body is over.
  const unuse = a.gate.use()
  // In flight until the answer's body is over: an open SSE stream counts, a listen stream not.
  // Sessions are remembered for the reaper: as long as the server's idle timeout, no longer.
  const sessionMemoryMs = idleTimeoutMs(a.gate.watched()?.annotations ?? {})
  const answering = a.listen === undefined ? s.log.begin(r.name, sessionMemoryMs) : () => {}
  try {
    const answer = await forwardToPod(a.gate.dispatcher, target, {
      server: r.name,
      method: r.call.method,
      headers: r.call.headers,
      body: a.body,
      session: r.pinned?.session || undefined,
      requestId: r.call.requestId,
      wrapSession: (session) => {
        const wrapped = s.codec.wrap({
          server: r.name,
          podUid: pod.uid,
          principal: r.principal?.id ?? '',
          session,
        })
        s.log.sessionIssued(r.name, wrapped, sessionMemoryMs)
        return wrapped
      },
      signal: a.signal,
      onDone: () => (untrack(), unuse(), answering()),
    })
    const ok = answeredOk(answer)
    if (r.incoming && r.call.method === 'DELETE' && ok) s.log.endSession(r.name, r.incoming)
    else if (r.incoming && ok) s.log.sessionUsed(r.name, r.incoming, sessionMemoryMs)
    const relayed = { name: r.name, answer, listen: a.listen, tap: undefined }
    if (a.listen !== undefined || !s.discovery) return relayed
    const asked = {
      name: r.name,
      deployment: a.gate.watched(),
      body: a.body,
      headers: r.call.headers,
      principal: r.principal?.id ?? '',
    }
    return { ...relayed, tap: discoveryTap(s.discovery, asked, answer) }
  } catch (error) {
    if (a.signal.aborted || error instanceof ProxyUnavailable) throw error
    // kwok (and a slow container) may mark a pod Ready before it listens: try again.
    const refusedConnection = isConnectionRefused(error)
    const pause = connectRetryPause(a.refusals, s.connectRetryMs)
    if (!refusedConnection || Date.now() + pause > a.deadline) {
      s.reach.onRefusal(r.name, `pod ${pod.name} (${target.origin}): ${String(error)}`)
      const why = refusedConnection ? 'refused the connection' : 'did not answer'
      throw podUnreachable(r.name, `pod ${pod.name} ${why}.`)
    }
    await delay(pause)
    return undefined
  }
}
