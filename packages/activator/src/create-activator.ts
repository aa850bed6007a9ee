import { randomBytes } from 'node:crypto'
import {
  checkAccess,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_QUEUE_BOUNDS,
  isLifecycleError,
  LifecycleError,
  isServing,
  mcpPath,
  mcpPort,
  pickPod,
  podStartFailure,
  queueBounds,
  readyCheck,
  serverNameParams,
  startServer,
  type DeploymentSnapshot,
  type PodSnapshot,
  type ActivityRecorder,
  type Principal,
  type QueueBounds,
  type ServerActivity,
  type ServerPods,
} from '@mcp-lifecycle/core'
import {
  createBaseApp,
  createErrorHandler,
  operationContext,
  validate,
  type HandlerDeps,
} from '@mcp-lifecycle/handlers'
import type { Context } from 'hono'
import { ActivityLog } from './activity-log.ts'
import { startActivityWriter } from './activity-writer.ts'
import { forwardToPod, isConnectionRefused, type PodTarget } from './forward-to-pod.ts'
import { HeldRequests, type HeldBounds } from './held-requests.ts'
import { inNetworks, parseNetwork } from './pod-networks.ts'
import {
  cannotStart,
  notReadyInTime,
  podUnreachable,
  ProxyUnavailable,
  proxyLoop,
  queueFull,
  sessionNotFound,
} from './proxy-errors.ts'
import { isProxyLoop } from './proxy-headers.ts'
import { probeMcp } from './ready-probe.ts'
import { ServerGate } from './server-gate.ts'
import { createSessionCodec, type SessionPin } from './session-token.ts'

export interface ActivatorOptions {
  /** Where the pods of each server are read (a watch). */
  pods: ServerPods
  /**
   * The only networks the manager sends requests to (CIDR); a pod elsewhere answers 503.
   * Default 127.0.0.0/8 (the local control plane); set the cluster's pod CIDR in production.
   */
  podNetworks?: readonly string[]
  /**
   * Sign the pins in session ids; every manager replica needs the same. The first signs, the
   * others (a rotation's previous secret) are accepted. Default: one random secret.
   */
  sessionSecrets?: readonly (Uint8Array | string)[]
  /** The operator's bounds per server; annotations may only lower them. */
  queue?: QueueBounds
  /** Bounds across servers on held requests and their bodies (default 2000, 32 MiB). */
  held?: HeldBounds
  /** Bound on the wait for a pod's response headers (default 120 s); bodies have none. */
  headersTimeoutMs?: number
  /** A server unused this long (default 5 min) stops being watched. */
  idleMs?: number
  /** Pause between tries while a just-Ready pod refuses connections (default 100 ms). */
  connectRetryMs?: number
  /**
   * Bound on one ready-check probe of a pod (`mcp-lifecycle/ready-check: mcp`), default 5 s;
   * a failed probe is tried again every `connectRetryMs` while requests wait.
   */
  readyProbeTimeoutMs?: number
  /** Where each server's last activity is persisted (the annotation); absent: not persisted. */
  activityRecorder?: ActivityRecorder
  /** At most one activity write per server this often (default 60 s). */
  activityWriteIntervalMs?: number
  /** Logs a failed activity write (it is tried again after the interval). */
  onActivityWriteError?: (name: string, error: unknown) => void
  /** How long a stop by the reaper waits for the watch to show it (default 10 s). */
  stopSettleMs?: number
  /**
   * Why a pod was not dialled or did not answer, with its address: for the manager's log. The
   * caller (maybe a read token) gets a detail without addresses or networks.
   */
  onRefusal?: (name: string, detail: string) => void
}

export interface Activator {
  /** `GET|POST|DELETE /servers/{name}/mcp`, to mount in the manager's app. */
  app: ReturnType<typeof createBaseApp>
  /** What this activator saw of a server's use (for the reaper); undefined: nothing yet. */
  activity(name: string): ServerActivity | undefined
  /**
   * Runs the reaper's stop with the server marked as stopping in its gate: requests arriving
   * meanwhile wait, then wake the server again instead of reaching a terminating pod.
   */
  whileStopping(name: string, stop: () => Promise<boolean>): Promise<boolean>
  /** Ends every watch and connection pool. */
  close(): void
}

/**
 * Wake on request: `/servers/{name}/mcp` proxies MCP Streamable HTTP to a Ready pod of the
 * server (by pod IP, never a Service), scaling a stopped server to 1 and holding the request in
 * a bounded per-server queue until a pod is Ready. Sessions stay on the pod that made them.
 * Access: read scope may use a server that runs or is waking; waking a stopped one is a start
 * and needs the write scope (audited as a start by the caller).
 */
export function createActivator(deps: HandlerDeps, options: ActivatorOptions): Activator {
  const networks = (options.podNetworks ?? ['127.0.0.0/8']).map(parseNetwork)
  const codec = createSessionCodec(
    options.sessionSecrets?.length ? options.sessionSecrets : [randomBytes(32)]
  )
  const defaults = options.queue ?? DEFAULT_QUEUE_BOUNDS
  const held = new HeldRequests(options.held ?? { requests: 2000, bytes: 32 * 1024 * 1024 })
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const refused = options.onRefusal ?? (() => {})
  const retryMs = options.connectRetryMs ?? 100
  const probeTimeoutMs = options.readyProbeTimeoutMs ?? 5_000
  const gates = new Map<string, ServerGate>()
  // Per server, the pods whose ready-check probe succeeded: a pod is probed once, even when its
  // gate closes for idleness and a later request opens a new one.
  const probed = new Map<string, Set<string>>()
  const log = new ActivityLog()
  const writer =
    options.activityRecorder &&
    startActivityWriter({
      log,
      recorder: options.activityRecorder,
      ...(options.activityWriteIntervalMs && { intervalMs: options.activityWriteIntervalMs }),
      ...(options.onActivityWriteError && { onError: options.onActivityWriteError }),
    })

  function gateFor(name: string): ServerGate {
    let gate = gates.get(name)
    if (!gate || gate.closed) {
      const created: ServerGate = new ServerGate({
        name,
        backend: deps.backend,
        pods: options.pods,
        headersTimeoutMs: options.headersTimeoutMs ?? 120_000,
        idleMs: options.idleMs ?? 300_000,
        probed: probed.get(name) ?? probed.set(name, new Set()).get(name)!,
        onClosed: () => {
          if (gates.get(name) === created) gates.delete(name)
          // Nothing to remember (no probed pod left): the server's entry goes too.
          if (probed.get(name)?.size === 0) probed.delete(name)
        },
      })
      gates.set(name, (gate = created))
    }
    return gate
  }

  /**
   * A Ready pod for a request without a session, now or once the server has woken, counted on
   * the pod at once (`untrack` ends it): waiters released together spread over the pods.
   */
  async function readyPod(
    c: Context,
    gate: ServerGate,
    name: string,
    principal: Principal | undefined,
    wait: Wait
  ): Promise<{ pod: PodSnapshot; untrack: () => void }> {
    const available = () => {
      const checked = readyCheck(gate.deployment?.annotations ?? {}) === 'mcp'
      const usable = checked ? gate.livePods.filter((p) => gate.probed.has(p.uid)) : gate.livePods
      const pod = pickPod(usable, (p) => gate.load(p.uid))
      if (pod) return { pod, untrack: gate.track(pod.uid) }
      if (checked) startProbes(gate, name)
      const failure = podStartFailure(gate.deployment, gate.pods)
      if (failure) throw cannotStart(name, failure)
      return undefined
    }
    const now = available()
    if (now) return now
    if (gate.deployment?.desiredReplicas === 0 && !gate.wakeInProgress) {
      checkAccess(principal, 'write', name)
      await gate.wake(() =>
        startServer(operationContext(c, deps), name, { wait_ready: false, timeout: 1 }).catch(
          (error: unknown) => {
            // A mutation bound (per-caller rate limit) must not look like a client error here.
            if (isLifecycleError(error) && error.kind === 'rate-limited') {
              throw new ProxyUnavailable(error.message, 5, 'Wake rate limited')
            }
            throw error
          }
        )
      )
    }
    return wait(available)
  }

  /**
   * Probes each serving pod not yet released by its ready check (one probe at a time per pod):
   * tried again every `retryMs` while requests wait, until one succeeds (the pod is then
   * released to every waiter), the pod stops serving, or the gate closes. A pod outside the
   * pod networks is never probed: `targetOf` throws first and the waiter gets 503.
   */
  function startProbes(gate: ServerGate, name: string) {
    const deployment = gate.deployment
    if (!deployment) return
    for (const pod of gate.livePods) {
      if (!isServing(pod) || gate.probed.has(pod.uid) || gate.probing.has(pod.uid)) continue
      const target = targetOf(name, pod, deployment, 'http://probe/')
      gate.probing.add(pod.uid)
      const serving = () => gate.livePods.some((p) => p.uid === pod.uid && isServing(p))
      void (async () => {
        try {
          for (;;) {
            if (
              await probeMcp(gate.dispatcher, target, {
                timeoutMs: probeTimeoutMs,
                signal: gate.signal,
              })
            ) {
              gate.markProbed(pod.uid)
              return
            }
            if (gate.closed || gate.queued === 0 || !serving()) return
            await new Promise((resolve) => setTimeout(resolve, retryMs))
            if (gate.closed || gate.queued === 0 || !serving()) return
          }
        } finally {
          if (!gate.probed.has(pod.uid)) gate.probeEnded(pod.uid)
          else gate.probing.delete(pod.uid)
        }
      })()
    }
  }

  /**
   * Where a pod of the server may be reached: only a pod the Deployment owns (the pod watch
   * keeps no other), on its own network namespace (never hostNetwork: its IP is the node's),
   * inside the pod networks, on a port its containers declare.
   */
  function targetOf(name: string, pod: PodSnapshot, deployment: DeploymentSnapshot, url: string) {
    const refuse = (detail: string, logged: string): never => {
      refused(name, logged)
      throw podUnreachable(name, detail)
    }
    const ip = pod.ip ?? ''
    if (pod.hostNetwork) {
      refuse(
        `pod ${pod.name} uses the host's network; the manager does not proxy to it.`,
        `pod ${pod.name} (${ip}) has hostNetwork: true`
      )
    }
    if (!inNetworks(ip, networks)) {
      const allowed = networks.map((n) => n.cidr).join(', ') || 'none'
      refuse(
        `pod ${pod.name} is outside the pod networks the manager may reach (MCPL_POD_NETWORKS).`,
        `pod ${pod.name} has IP ${ip}, outside MCPL_POD_NETWORKS (${allowed})`
      )
    }
    const port = mcpPort(pod, deployment.annotations)
    if (port === undefined) {
      const detail = `pod ${pod.name} declares no container port for MCP; declare it, or name a declared one in mcp-lifecycle/mcp-port.`
      refuse(detail, detail)
    }
    const target: PodTarget = {
      origin: `http://${ip}:${port}`,
      path: mcpPath(deployment.annotations) + new URL(url).search,
    }
    return target
  }

  async function proxy(c: Context, name: string): Promise<Response> {
    // Hono answers HEAD with the GET route: a HEAD must not wake a server.
    if (c.req.raw.method === 'HEAD') {
      throw new LifecycleError('method-not-allowed', 'Use GET, POST or DELETE on an MCP endpoint.')
    }
    if (isProxyLoop(c.req.raw.headers)) throw proxyLoop()
    const principal = c.get('principal') as Principal | undefined
    checkAccess(principal, 'read', name)
    const incoming = c.req.header('mcp-session-id')
    const pinned = incoming ? codec.unwrap(incoming, name, principal?.id ?? '') : undefined
    if (incoming && !pinned) return sessionNotFound()
    // Only a server that exists gets state here (the manager reads it from its cache).
    await deps.backend.getServer(name)
    // Activity from arrival: a request waiting for a pod is in flight too (the reaper waits).
    const arrival = log.begin(name)
    try {
      return await proxyCounted(c, name, principal, pinned, incoming)
    } finally {
      arrival()
    }
  }

  async function proxyCounted(
    c: Context,
    name: string,
    principal: Principal | undefined,
    pinned: SessionPin | undefined,
    incoming: string | undefined
  ): Promise<Response> {
    const arrived = Date.now()
    const signals = [c.req.raw.signal, ...(deps.shutdownSignal ? [deps.shutdownSignal] : [])]
    const signal = AbortSignal.any(signals)
    // Held from arrival until a pod answers: its share taken before the body is read.
    const declared = Number(c.req.header('content-length'))
    const bodyBytes = c.req.method !== 'POST' ? 0 : declared >= 0 ? declared : maxBodyBytes
    const unhold = held.hold(Math.min(bodyBytes, maxBodyBytes))
    const gate = gateFor(name)
    const release = gate.use()
    let bounds = defaults
    let deadline = arrived + defaults.timeoutMs
    let unqueue: (() => void) | undefined
    // Every wait for the server counts once in its queue, whatever it waits for.
    const wait: Wait = async (check) => {
      const now = check()
      if (now !== undefined) return now
      if (!unqueue) {
        if (gate.queued >= bounds.size) throw queueFull(name, bounds.size)
        gate.queued++
        let done = false
        unqueue = () => {
          if (!done) ((done = true), gate.queued--)
        }
      }
      return gate.until(check, signal, deadline, () => notReadyInTime(name, bounds.timeoutMs))
    }
    try {
      // Bounded by the app's body limit; kept so that a refused connection can be retried.
      const body = c.req.method === 'POST' ? new Uint8Array(await c.req.arrayBuffer()) : undefined
      const deployment = await wait(() => (gate.podsSeen ? gate.deployment : undefined))
      bounds = queueBounds(deployment.annotations, defaults)
      deadline = arrived + bounds.timeoutMs
      for (;;) {
        // While the reaper stops the server, wait: then it wakes again (or the pin is gone).
        await wait(() => !gate.stopping || undefined)
        let chosen: { pod: PodSnapshot; untrack: () => void }
        if (pinned) {
          const pod = gate.livePods.find((p) => p.uid === pinned.podUid && p.ip && !p.terminating)
          if (!pod) return sessionNotFound()
          chosen = { pod, untrack: gate.track(pod.uid) }
        } else {
          chosen = await readyPod(c, gate, name, principal, wait)
        }
        unqueue?.()
        unqueue = undefined
        const { pod, untrack } = chosen
        let target: PodTarget
        try {
          target = targetOf(name, pod, gate.deployment ?? deployment, c.req.url)
        } catch (error) {
          untrack()
          throw error
        }
        // The pod's in-flight count and the gate's use last until the answer's body is over.
        const unuse = gate.use()
        // In flight until the answer's body is over: an open SSE stream counts.
        const answering = log.begin(name)
        try {
          const response = await forwardToPod(gate.dispatcher, target, {
            server: name,
            method: c.req.method,
            headers: c.req.raw.headers,
            body,
            session: pinned?.session,
            wrapSession: (session) => {
              const wrapped = codec.wrap({
                server: name,
                podUid: pod.uid,
                principal: principal?.id ?? '',
                session,
              })
              log.sessionIssued(name, wrapped)
              return wrapped
            },
            signal,
            onDone: () => (untrack(), unuse(), answering()),
          })
          if (incoming && c.req.method === 'DELETE' && response.ok) log.endSession(name, incoming)
          else if (incoming && response.ok) log.sessionUsed(name, incoming)
          return response
        } catch (error) {
          if (signal.aborted || error instanceof ProxyUnavailable) throw error
          // kwok (and a slow container) may mark a pod Ready before it listens: try again.
          const refusedConnection = isConnectionRefused(error)
          if (!refusedConnection || Date.now() + retryMs > deadline) {
            refused(name, `pod ${pod.name} (${target.origin}): ${String(error)}`)
            const why = refusedConnection ? 'refused the connection' : 'did not answer'
            throw podUnreachable(name, `pod ${pod.name} ${why}.`)
          }
          await new Promise((resolve) => setTimeout(resolve, retryMs))
        }
      }
    } finally {
      unqueue?.()
      unhold()
      release()
    }
  }

  const baseOnError = createErrorHandler(deps.logError)
  const app = createBaseApp(deps)
  app.onError(async (error, c) => {
    const response = await baseOnError(error, c)
    if (error instanceof ProxyUnavailable) {
      response.headers.set('Retry-After', String(error.retryAfterSeconds))
    }
    return response
  })
  app.on(
    ['GET', 'POST', 'DELETE'],
    '/servers/:name/mcp',
    validate('param', serverNameParams),
    (c) => proxy(c, c.req.valid('param').name)
  )
  const closeAll = () => {
    writer?.stop()
    for (const gate of [...gates.values()]) gate.close()
  }
  deps.shutdownSignal?.addEventListener('abort', closeAll, { once: true })
  return {
    app,
    close: closeAll,
    activity: (name) => log.activity(name),
    whileStopping: (name, stop) =>
      gateFor(name).whileStopping(stop, options.stopSettleMs ?? 10_000),
  }
}

/** Waits (counted in the server's queue) until `check` returns something; see proxyCounted. */
type Wait = <T>(check: () => T | undefined) => Promise<T>
