import {
  checkAccess,
  LifecycleError,
  queueBounds,
  createOperationContext,
  type DeploymentSnapshot,
  type OperationContext,
  type PodSnapshot,
} from '@mcp-lifecycle/core'
import { leaseDeferred } from './deferred-lease.ts'
import { deferredParams } from './deferred-session.ts'
import { answerAsleep } from './discovery-proxy.ts'
import { answerLegacyAsleep } from './legacy-asleep.ts'
import { listenRequestId } from './listen-request.ts'
import type { PodLease } from './pod-load.ts'
import type { ProxyCall } from './proxy-call.ts'
import { targetOf } from './pod-target.ts'
import { proxyLoop, sessionNotFound } from './proxy-errors.ts'
import { isProxyLoop } from './proxy-headers.ts'
import { QueuedWait } from './queued-wait.ts'
import { readyPod, wakeServer } from './ready-pod.ts'
import { isRelayed, relayedResponse } from './relayed-response.ts'
import { sendToPod, type Admitted, type Relayed } from './send-to-pod.ts'
import type { ProxySetup } from './proxy-setup.ts'

/** A request let in, with the server it asks for as the manager's cache has it. */
export interface AdmittedRequest extends Admitted {
  deployment: DeploymentSnapshot
}

/**
 * Proxies one request to `/servers/{name}/mcp`: the front door, answers for a sleeping server
 * from what discovery kept, then the counted proxying.
 */
export async function proxyRequest(
  s: ProxySetup,
  call: ProxyCall,
  name: string
): Promise<Response> {
  const admitted = await admit(s, call, name)
  if (!admitted) return sessionNotFound()
  const { deployment, pinned, incoming } = admitted
  const caller = call.principal?.id ?? ''
  const modern = s.discovery && (await answerAsleep(s.discovery, call, name, caller, deployment))
  const legacy =
    s.discovery &&
    !modern &&
    (await answerLegacyAsleep(
      { keeper: s.discovery, codec: s.codec, deferred: s.deferred },
      { call, name, principal: caller, deployment, pinned, incoming }
    ))
  const answered = modern || legacy
  if (answered) {
    s.observe.answeredAsleep(name, modern ? 'modern' : 'legacy')
    return answered
  }
  const outcome = await proxyAdmitted(s, admitted)
  return isRelayed(outcome) ? relayedResponse(s.listens, outcome) : outcome
}

/**
 * The front door: no HEAD, no loop, access, a session bound to this server and caller, a
 * server that exists. Throws the refusal; undefined for a session id not valid here (404).
 */
export async function admit(
  s: ProxySetup,
  call: ProxyCall,
  name: string
): Promise<AdmittedRequest | undefined> {
  // Hono answers HEAD with the GET route: a HEAD must not wake a server.
  if (call.method === 'HEAD') {
    throw new LifecycleError('method-not-allowed', 'Use GET, POST or DELETE on an MCP endpoint.')
  }
  if (isProxyLoop(call.headers)) throw proxyLoop()
  const principal = call.principal
  // Another tenant's namespace, or one not managed, is a 404 before anything else.
  const where = callContext(s, call).where
  checkAccess(principal, 'read', name, where)
  const incoming = call.headers.get('mcp-session-id') ?? undefined
  const pinned = incoming ? s.codec.unwrap(incoming, name, principal?.id ?? '') : undefined
  if (incoming && !pinned) return undefined
  // Only a server that exists gets state here (the manager reads it from its cache).
  const { deployment } = await s.deps.backend.getServer(name)
  return { call, name, principal, where, pinned, incoming, deployment }
}

/** Proxies an admitted request to a pod: a pod's answer, or the manager's (a session gone). */
export async function proxyAdmitted(s: ProxySetup, r: Admitted): Promise<Response | Relayed> {
  // Activity from arrival: a request waiting for a pod is in flight too (the reaper waits).
  const arrival = s.log.begin(r.name)
  try {
    return await proxyCounted(s, r)
  } finally {
    arrival()
  }
}

/**
 * Holds the request (bounded across servers), waits for a pod (counted once in the server's
 * queue), and sends it there, trying again while a just-Ready pod refuses connections.
 */
async function proxyCounted(s: ProxySetup, r: Admitted): Promise<Response | Relayed> {
  const { call, name } = r
  const shutdown = s.deps.shutdownSignal
  const signal =
    shutdown && !call.followsShutdown ? AbortSignal.any([call.signal, shutdown]) : call.signal
  // Held from arrival until a pod answers: its share taken before the body is read.
  const unhold = s.held.hold(heldBodyBytes(call, s.maxBodyBytes), r.principal?.id)
  const gate = s.gates.gateFor(name)
  const release = gate.use()
  const wait = new QueuedWait(gate, name, signal, s.queue)
  try {
    // Bounded by the app's body limit; kept so that a refused connection can be retried.
    const body = call.method === 'POST' ? await call.body() : undefined
    const listen = listenRequestId(call.method, call.headers, body)
    const deployment = await wait.until(() => gate.watched())
    wait.setBounds(queueBounds(deployment.annotations, s.queue))
    const target = (pod: PodSnapshot, url: string) =>
      targetOf(s.reach, name, pod, gate.watched() ?? deployment, url)
    let refusals = 0
    let woke = false
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
          start: () => {
            woke = true
            s.observe.woke(name)
            return wakeServer(callContext(s, call), name)
          },
        })
      let lease: PodLease | undefined
      if (r.pinned && deferredParams(r.pinned)) {
        const bound = await leaseDeferred({
          ...{ name, id: r.incoming!, pin: r.pinned, gate, sessions: s.deferred, signal },
          ...{ readyPod: ready, target: (pod) => target(pod, call.url), timeoutMs: 10_000 },
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
      const answer = await sendToPod(s, r, { ...attempt, target: (pod) => target(pod, call.url) })
      // The request that woke the server got a pod's answer: the pod listens, ask it too.
      if (answer && woke) s.refresher?.afterWake(name, gate)
      if (answer) return answer
    }
  } finally {
    wait.leaveQueue()
    unhold()
    release()
  }
}

/** What a request holds of the bound on bodies: its declared length, else the largest allowed. */
function heldBodyBytes(call: ProxyCall, maxBodyBytes: number): number {
  const declared = Number(call.headers.get('content-length') ?? undefined)
  const bytes = call.method !== 'POST' ? 0 : declared >= 0 ? declared : maxBodyBytes
  return Math.min(bytes, maxBodyBytes)
}

/** The call's operation context: its caller, id and signal, on the namespace it names. */
function callContext(s: ProxySetup, call: ProxyCall): OperationContext {
  return createOperationContext(s.deps, {
    principal: call.principal,
    reqId: call.requestId,
    signal: call.signal,
    dryRun: false,
    namespace: call.namespace,
  })
}
