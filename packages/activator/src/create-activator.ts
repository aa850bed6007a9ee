import { randomBytes } from 'node:crypto'
import {
  checkAccess,
  DEFAULT_QUEUE_BOUNDS,
  isLifecycleError,
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
import { inNetworks, parseNetwork } from './pod-networks.ts'
import {
  cannotStart,
  notReadyInTime,
  podUnreachable,
  ProxyUnavailable,
  queueFull,
  sessionNotFound,
} from './proxy-errors.ts'
import { probeMcp } from './ready-probe.ts'
import { ServerGate } from './server-gate.ts'
import { createSessionCodec, type PinnedSession } from './session-token.ts'

export interface ActivatorOptions {
  /** Where the pods of each server are read (a watch). */
  pods: ServerPods
  /**
   * The only networks the manager sends requests to (CIDR); a pod elsewhere answers 503.
   * Default 127.0.0.0/8 (the local control plane); set the cluster's pod CIDR in production.
   */
  podNetworks?: readonly string[]
  /** Signs the pod pin in session ids; every manager replica needs the same. Default: random. */
  sessionSecret?: Uint8Array | string
  /** For servers without the queue annotations. */
  queue?: QueueBounds
  /** Bound on the wait for a pod's response headers (default 300 s); bodies have none. */
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
  const codec = createSessionCodec(options.sessionSecret ?? randomBytes(32))
  const defaults = options.queue ?? DEFAULT_QUEUE_BOUNDS
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
        headersTimeoutMs: options.headersTimeoutMs ?? 300_000,
        idleMs: options.idleMs ?? 300_000,
        probed: probed.get(name) ?? probed.set(name, new Set()).get(name)!,
        onClosed: () => gates.get(name) === created && gates.delete(name),
      })
      gates.set(name, (gate = created))
    }
    return gate
  }

  /** A Ready pod for a request without a session: now, or once the server has woken. */
  async function readyPod(c: Context, gate: ServerGate, name: string, wait: Wait) {
    const available = () => {
      const checked = readyCheck(gate.deployment?.annotations ?? {}) === 'mcp'
      const usable = checked ? gate.livePods.filter((p) => gate.probed.has(p.uid)) : gate.livePods
      const pod = pickPod(usable, (p) => gate.load(p.uid))
      if (pod) return pod
      if (checked) startProbes(gate, name)
      const failure = podStartFailure(gate.deployment, gate.pods)
      if (failure) throw cannotStart(name, failure)
      return undefined
    }
    const now = available()
    if (now) return now
    if (gate.deployment?.desiredReplicas === 0 && !gate.wakeInProgress) {
      checkAccess(wait.principal, 'write', name)
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
    if (gate.queued >= wait.bounds.size) throw queueFull(name, wait.bounds.size)
    gate.queued++
    try {
      return await gate.until(available, wait.signal, wait.deadline, () =>
        notReadyInTime(name, wait.bounds.timeoutMs)
      )
    } finally {
      gate.queued--
    }
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

  function targetOf(name: string, pod: PodSnapshot, deployment: DeploymentSnapshot, url: string) {
    const ip = pod.ip ?? ''
    if (!inNetworks(ip, networks)) {
      const allowed = networks.map((n) => n.cidr).join(', ')
      throw podUnreachable(
        name,
        `pod ${pod.name} has IP ${ip}, outside the pod networks the manager may reach (MCPL_POD_NETWORKS: ${allowed}).`
      )
    }
    const port = mcpPort(pod, deployment.annotations)
    if (port === undefined) {
      throw podUnreachable(
        name,
        `pod ${pod.name} declares no container port; set the annotation mcp-lifecycle/mcp-port.`
      )
    }
    const target: PodTarget = {
      origin: `http://${ip}:${port}`,
      path: mcpPath(deployment.annotations) + new URL(url).search,
    }
    return target
  }

  async function proxy(c: Context, name: string): Promise<Response> {
    const principal = c.get('principal') as Principal | undefined
    checkAccess(principal, 'read', name)
    // Activity from arrival: a request waiting for a pod is in flight too (the reaper waits).
    const arrival = log.begin(name)
    try {
      return await proxyCounted(c, name, principal)
    } finally {
      arrival()
    }
  }

  async function proxyCounted(
    c: Context,
    name: string,
    principal: Principal | undefined
  ): Promise<Response> {
    const arrived = Date.now()
    const signals = [c.req.raw.signal, ...(deps.shutdownSignal ? [deps.shutdownSignal] : [])]
    const signal = AbortSignal.any(signals)
    // Bounded by the app's body limit; kept so that a refused connection can be retried.
    const body = c.req.method === 'POST' ? new Uint8Array(await c.req.arrayBuffer()) : undefined
    const incoming = c.req.header('mcp-session-id')
    const pinned: PinnedSession | undefined = incoming ? codec.unwrap(incoming) : undefined
    if (incoming && !pinned) return sessionNotFound()
    if (incoming) log.sawSession(name, incoming)
    const gate = gateFor(name)
    const release = gate.use()
    try {
      const deployment = await gate.until(
        () => (gate.podsSeen ? gate.deployment : undefined),
        signal,
        arrived + defaults.timeoutMs,
        () => notReadyInTime(name, defaults.timeoutMs)
      )
      const bounds = queueBounds(deployment.annotations, defaults)
      const wait: Wait = { principal, bounds, deadline: arrived + bounds.timeoutMs, signal }
      for (;;) {
        // While the reaper stops the server, wait: then it wakes again (or the pin is gone).
        await gate.until(
          () => !gate.stopping || undefined,
          signal,
          wait.deadline,
          () => notReadyInTime(name, wait.bounds.timeoutMs)
        )
        const pod = pinned
          ? gate.livePods.find((p) => p.uid === pinned.podUid && p.ip && !p.terminating)
          : await readyPod(c, gate, name, wait)
        if (!pod) return sessionNotFound()
        const target = targetOf(name, pod, gate.deployment ?? deployment, c.req.url)
        // The pod's in-flight count and the gate's use last until the answer's body is over.
        const untrack = gate.track(pod.uid)
        const unuse = gate.use()
        // In flight until the answer's body is over: an open SSE stream counts.
        const answering = log.begin(name)
        try {
          const response = await forwardToPod(gate.dispatcher, target, {
            method: c.req.method,
            headers: c.req.raw.headers,
            body,
            session: pinned?.session,
            wrapSession: (session) => {
              const wrapped = codec.wrap(pod.uid, session)
              log.sawSession(name, wrapped)
              return wrapped
            },
            signal,
            onDone: () => (untrack(), unuse(), answering()),
          })
          if (incoming && c.req.method === 'DELETE' && response.ok) log.endSession(name, incoming)
          return response
        } catch (error) {
          if (signal.aborted) throw error
          // kwok (and a slow container) may mark a pod Ready before it listens: try again.
          if (!isConnectionRefused(error) || Date.now() + retryMs > wait.deadline) {
            const why = isConnectionRefused(error) ? 'refused the connection' : String(error)
            throw podUnreachable(name, `pod ${pod.name} (${target.origin}): ${why}.`)
          }
          await new Promise((resolve) => setTimeout(resolve, retryMs))
        }
      }
    } finally {
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

interface Wait {
  principal: Principal | undefined
  bounds: QueueBounds
  deadline: number
  signal: AbortSignal
}
