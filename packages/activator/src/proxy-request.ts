import {
  checkAccess,
  LifecycleError,
  queueBounds,
  type PodSnapshot,
  type Principal,
} from '@mcp-lifecycle/core'
import { operationContext } from '@mcp-lifecycle/http-kit'
import type { Context } from 'hono'
import { leaseDeferred } from './deferred-lease.ts'
import { deferredParams } from './deferred-session.ts'
import { answerAsleep } from './discovery-proxy.ts'
import { answerLegacyAsleep } from './legacy-asleep.ts'
import { listenRequestId } from './listen-request.ts'
import type { PodLease } from './pod-load.ts'
import { targetOf } from './pod-target.ts'
import { proxyLoop, sessionNotFound } from './proxy-errors.ts'
import { isProxyLoop } from './proxy-headers.ts'
import { QueuedWait } from './queued-wait.ts'
import { readyPod, wakeServer } from './ready-pod.ts'
import { sendToPod, type Admitted } from './send-to-pod.ts'
import type { ProxySetup } from './proxy-setup.ts'

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
            return wakeServer(operationContext(c, s.deps), name)
          },
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
function heldBodyBytes(c: Context, maxBodyBytes: number): number {
  const declared = Number(c.req.header('content-length'))
  const bytes = c.req.method !== 'POST' ? 0 : declared >= 0 ? declared : maxBodyBytes
  return Math.min(bytes, maxBodyBytes)
}
