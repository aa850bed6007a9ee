import { setTimeout as delay } from 'node:timers/promises'
import {
  checkAccess,
  idleTimeoutMs,
  LifecycleError,
  queueBounds,
  type PodSnapshot,
  type Principal,
  type QueueBounds,
  type Where,
} from '@mcp-lifecycle/core'
import { operationContext, type HandlerDeps } from '@mcp-lifecycle/http-kit'
import type { Context } from 'hono'
import type { ActivityLog } from './activity-log.ts'
import { connectRetryPause } from './connect-retry.ts'
import { leaseDeferred } from './deferred-lease.ts'
import { deferredParams, type DeferredSessions } from './deferred-session.ts'
import type { DiscoveryKeeper } from './discovery-keeper.ts'
import { answerAsleep, tapRelayed } from './discovery-proxy.ts'
import { answerLegacyAsleep } from './legacy-asleep.ts'
import { listenRequestId, type JsonRpcId } from './listen-request.ts'
import type { ListenStreams } from './listen-streams.ts'
import { forwardToPod, isConnectionRefused, type PodTarget } from './forward-to-pod.ts'
import type { HeldRequests } from './held-requests.ts'
import type { PodLease } from './pod-load.ts'
import { targetOf, type PodReach } from './pod-target.ts'
import { podUnreachable, ProxyUnavailable, proxyLoop, sessionNotFound } from './proxy-errors.ts'
import { isProxyLoop } from './proxy-headers.ts'
import { QueuedWait } from './queued-wait.ts'
import type { ProbeTiming } from './ready-check.ts'
import { readyPod, wakeServer } from './ready-pod.ts'
import type { ServerGate } from './server-gate.ts'
import type { ServerGates } from './server-gates.ts'
import type { SessionCodec, SessionPin } from './session-token.ts'

/** What every proxied request shares, built once by the activator. */
export interface ProxySetup {
  deps: HandlerDeps
  gates: ServerGates
  codec: SessionCodec
  log: ActivityLog
  held: HeldRequests
  /** The relayed subscriptions/listen streams, which the reaper ends before a stop. */
  listens: ListenStreams
  /** The operator's bounds per server; annotations may only lower them. */
  queue: QueueBounds
  maxBodyBytes: number
  /** Longest pause between tries while a just-Ready pod refuses connections (they grow to it). */
  connectRetryMs: number
  probe: ProbeTiming
  reach: PodReach
  /** Keeps discovery answers and serves them while the server sleeps; absent: neither. */
  discovery: DiscoveryKeeper | undefined
  /** 2025 sessions the manager opened for a sleeping server, and where they went. */
  deferred: DeferredSessions
  /** Counts what the metrics show: answers without a wake, and wakes. */
  observe: {
    answeredAsleep: (name: string, era: 'modern' | 'legacy') => void
    woke: (name: string) => void
  }
}

/** A request the front door let in. */
interface Admitted {
  c: Context
  name: string
  principal: Principal | undefined
  /** The namespace the route names (or the default one). */
  where: Where | undefined
  /** The pod and session the caller's session id is pinned to, if it sent one. */
  pinned: SessionPin | undefined
  incoming: string | undefined
}

/** One attempt at sending the request to a pod. */
interface Attempt {
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

/**
 * Proxies one request to `/servers/{name}/mcp`: the front door (no HEAD, no loop, access, a
 * session bound to this server and caller, a server that exists), then the counted proxying.
 */
export async function proxyRequest(s: ProxySetup, c: Context, name: string): Promise<Response> {
  // Hono answers HEAD with the GET route: a HEAD must not wake a server.
  if (c.req.raw.method === 'HEAD') {
    throw new LifecycleError('method-not-allowed', 'Use GET, POST or DELETE on an MCP endpoint.')
  }
  if (isProxyLoop(c.req.raw.headers)) throw proxyLoop()
  const principal = c.get('principal') as Principal | undefined
  // Another tenant's namespace, or one not managed, is a 404 before anything else.
  const where = operationContext(c, s.deps).where
  checkAccess(principal, 'read', name, where)
  const incoming = c.req.header('mcp-session-id')
  const pinned = incoming ? s.codec.unwrap(incoming, name, principal?.id ?? '') : undefined
  if (incoming && !pinned) return sessionNotFound()
  // Only a server that exists gets state here (the manager reads it from its cache).
  const { deployment } = await s.deps.backend.getServer(name)
  const caller = principal?.id ?? ''
  const modern = s.discovery && (await answerAsleep(s.discovery, c, name, caller, deployment))
  const legacy =
    s.discovery &&
    !modern &&
    (await answerLegacyAsleep(
      { keeper: s.discovery, codec: s.codec, deferred: s.deferred },
      { c, name, principal: caller, deployment, pinned, incoming }
    ))
  const answered = modern || legacy
  if (answered) {
    s.observe.answeredAsleep(name, modern ? 'modern' : 'legacy')
    return answered
  }
  // Activity from arrival: a request waiting for a pod is in flight too (the reaper waits).
  const arrival = s.log.begin(name)
  try {
    return await proxyCounted(s, { c, name, principal, where, pinned, incoming })
  } finally {
    arrival()
  }
}

/**
 * Holds the request (bounded across servers), waits for a pod (counted once in the server's
 * queue), and sends it there, trying again while a just-Ready pod refuses connections.
 */
async function proxyCounted(s: ProxySetup, r: Admitted): Promise<Response> {
  const { c, name } = r
  const signal = AbortSignal.any([
    c.req.raw.signal,
    ...(s.deps.shutdownSignal ? [s.deps.shutdownSignal] : []),
  ])
  // Held from arrival until a pod answers: its share taken before the body is read.
  const unhold = s.held.hold(heldBodyBytes(c, s.maxBodyBytes), r.principal?.id)
  const gate = s.gates.gateFor(name)
  const release = gate.use()
  const wait = new QueuedWait(gate, name, signal, s.queue)
  try {
    // Bounded by the app's body limit; kept so that a refused connection can be retried.
    const body = c.req.method === 'POST' ? new Uint8Array(await c.req.arrayBuffer()) : undefined
    const listen = listenRequestId(c.req.method, c.req.raw.headers, body)
    const deployment = await wait.until(() => gate.watched())
    wait.setBounds(queueBounds(deployment.annotations, s.queue))
    const target = (pod: PodSnapshot, url: string) =>
      targetOf(s.reach, name, pod, gate.watched() ?? deployment, url)
    let refusals = 0
    for (;;) {
      // While the reaper stops the server, wait: then it wakes again (or the pin is gone).
      await wait.until(() => !gate.stopping || undefined)
      const ready = () =>
        readyPod({
          gate,
          name,
          principal: r.principal,
          where: r.where,
          wait,
          target: (pod) => target(pod, 'http://probe/'),
          probe: s.probe,
          start: () => (s.observe.woke(name), wakeServer(operationContext(c, s.deps), name)),
        })
      let lease: PodLease | undefined
      if (r.pinned && deferredParams(r.pinned)) {
        const bound = await leaseDeferred({
          ...{ name, id: r.incoming!, pin: r.pinned, gate, sessions: s.deferred, signal },
          ...{ readyPod: ready, target: (pod) => target(pod, c.req.url), timeoutMs: 10_000 },
        })
        if (bound) r.pinned = bound.pin
        lease = bound?.lease
      } else lease = r.pinned ? gate.pinnedPod(r.pinned.podUid) : await ready()
      if (!lease) return sessionNotFound()
      wait.leaveQueue()
      const attempt = {
        gate,
        lease,
        body,
        signal,
        deadline: wait.deadline,
        refusals: ++refusals,
        listen,
      }
      const answer = await sendToPod(s, r, { ...attempt, target: (pod) => target(pod, c.req.url) })
      if (answer) return answer
    }
  } finally {
    wait.leaveQueue()
    unhold()
    release()
  }
}

/** What a request holds of the bound on bodies: its declared length, else the largest allowed. */
function heldBodyBytes(c: Context, maxBodyBytes: number): number {
  const declared = Number(c.req.header('content-length'))
  const bytes = c.req.method !== 'POST' ? 0 : declared >= 0 ? declared : maxBodyBytes
  return Math.min(bytes, maxBodyBytes)
}

/**
 * Sends the request to the leased pod and answers with the pod's response. Undefined when the
 * pod refused the connection and a try after a growing pause (connect-retry.ts) fits before the
 * deadline.
 */
async function sendToPod(s: ProxySetup, r: Admitted, a: Attempt): Promise<Response | undefined> {
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
    const response = await forwardToPod(a.gate.dispatcher, target, {
      server: r.name,
      method: r.c.req.method,
      headers: r.c.req.raw.headers,
      body: a.body,
      session: r.pinned?.session || undefined,
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
    if (r.incoming && r.c.req.method === 'DELETE' && response.ok)
      s.log.endSession(r.name, r.incoming)
    else if (r.incoming && response.ok) s.log.sessionUsed(r.name, r.incoming, sessionMemoryMs)
    if (a.listen !== undefined) return s.listens.relay(r.name, response, a.listen)
    if (!s.discovery) return response
    const relayed = {
      name: r.name,
      deployment: a.gate.watched(),
      body: a.body,
      headers: r.c.req.raw.headers,
      principal: r.principal?.id ?? '',
    }
    return tapRelayed(s.discovery, relayed, response)
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
