import { randomBytes } from 'node:crypto'
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_QUEUE_BOUNDS,
  type ActivityRecorder,
  type DiscoveryStore,
  type DiscoverySummaries,
  type QueueBounds,
  type ServerActivity,
  type ServerPods,
} from '@mcp-lifecycle/core'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { ActivityLog } from './activity-log.ts'
import { startActivityWriter } from './activity-writer.ts'
import { DeferredSessions } from './deferred-session.ts'
import { DiscoveryKeeper } from './discovery-keeper.ts'
import { MAX_KEPT_ANSWER_BYTES } from './discovery-proxy.ts'
import { DiscoveryRefresher } from './discovery-refresher.ts'
import { HeldRequests, type HeldBounds } from './held-requests.ts'
import { ListenStreams } from './listen-streams.ts'
import { createMcpRoute } from './mcp-route.ts'
import { parseNetwork } from './pod-networks.ts'
import type { PodReach } from './pod-target.ts'
import type { ProxyCall } from './proxy-call.ts'
import { proxyInLane } from './proxy-in-lane.ts'
import { proxyRequest } from './proxy-request.ts'
import type { ProxySetup } from './proxy-setup.ts'
import type { Relayed } from './send-to-pod.ts'
import { ServerGates } from './server-gates.ts'
import { createSessionCodec } from './session-token.ts'

export interface ActivatorOptions {
  /** Where the pods of each server are read (a watch). */
  pods: ServerPods
  /**
   * The only networks the manager sends requests to (CIDR); a pod elsewhere answers 503.
   * Default 127.0.0.0/8 (the local control plane); set the cluster's pod CIDR in production.
   */
  podNetworks?: readonly string[]
  /** How the operator sets podNetworks, named in refusals (default `podNetworks`). */
  podNetworksSetting?: string
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
  /**
   * Longest pause between tries while a just-Ready pod refuses connections (default 100 ms): the
   * pauses grow from 5 ms to it. Also the pause between ready-check probes.
   */
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
  /**
   * Where discovery answers are kept, to answer discovery for a sleeping server without waking
   * it (issue 30); absent: nothing is kept and every request wakes.
   */
  discovery?: DiscoveryStore
  /** Told what the keeper reads, keeps and drops: the servers' discovery views. */
  discoverySummaries?: DiscoverySummaries
  /** Logs a failed read or write of the discovery store (the request goes on). */
  onDiscoveryError?: (name: string, error: unknown) => void
  /** A request was answered without waking its sleeping server (for metrics). */
  onAnsweredAsleep?: (name: string, era: 'modern' | 'legacy') => void
  /**
   * Bound on the manager's own discovery of a server (after a wake, before an idle stop), which
   * delays an idle stop this long at most (default 3 s).
   */
  discoveryRefreshMs?: number
  /** A request woke its sleeping server (for metrics). */
  onWake?: (name: string) => void
}

export interface Activator {
  /** `GET|POST|DELETE /servers/{name}/mcp`, to mount in the manager's app. */
  app: ReturnType<typeof createMcpRoute>
  /** Proxies one request to the server (what `app` does), for a route mounted elsewhere. */
  proxy(call: ProxyCall, name: string): Promise<Response>
  /**
   * Proxies a request of the manager's node-level lane (proxy-in-lane.ts): a pod's answer to
   * write with writeRelayed, or the manager's; undefined, nothing read or changed, for a
   * request the lane leaves to `app`.
   */
  proxyInLane(call: ProxyCall, name: string): Promise<Response | Relayed | undefined>
  /** What this activator saw of a server's use (for the reaper); undefined: nothing yet. */
  activity(name: string): ServerActivity | undefined
  /**
   * Runs the reaper's stop with the server marked as stopping in its gate: requests arriving
   * meanwhile wait, then wake the server again instead of reaching a terminating pod. Open
   * subscriptions/listen streams are first ended with a successful listen response.
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
  const log = new ActivityLog()
  const gates = new ServerGates({
    backend: deps.backend,
    pods: options.pods,
    headersTimeoutMs: options.headersTimeoutMs ?? 120_000,
    idleMs: options.idleMs ?? 300_000,
  })
  const connectRetryMs = options.connectRetryMs ?? 100
  const listens = new ListenStreams()
  const reach = {
    networks: (options.podNetworks ?? ['127.0.0.0/8']).map(parseNetwork),
    networksSetting: options.podNetworksSetting ?? 'podNetworks',
    onRefusal: options.onRefusal ?? (() => {}),
  }
  const { keeper, refresher } = discoveryOf(options, reach)
  const setup: ProxySetup = {
    deps,
    gates,
    log,
    codec: createSessionCodec(
      options.sessionSecrets?.length ? options.sessionSecrets : [randomBytes(32)]
    ),
    held: new HeldRequests(options.held ?? { requests: 2000, bytes: 32 * 1024 * 1024 }),
    listens,
    queue: options.queue ?? DEFAULT_QUEUE_BOUNDS,
    maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    connectRetryMs,
    probe: { timeoutMs: options.readyProbeTimeoutMs ?? 5_000, retryMs: connectRetryMs },
    reach,
    deferred: new DeferredSessions(),
    observe: {
      answeredAsleep: options.onAnsweredAsleep ?? (() => {}),
      woke: options.onWake ?? (() => {}),
    },
    discovery: keeper,
    refresher,
  }
  const writer =
    options.activityRecorder &&
    startActivityWriter({
      log,
      recorder: options.activityRecorder,
      ...(options.activityWriteIntervalMs && { intervalMs: options.activityWriteIntervalMs }),
      ...(options.onActivityWriteError && { onError: options.onActivityWriteError }),
    })
  const close = () => {
    writer?.stop()
    gates.closeAll()
  }
  deps.shutdownSignal?.addEventListener('abort', close, { once: true })
  const proxy = (call: ProxyCall, name: string) => proxyRequest(setup, call, name)
  return {
    app: createMcpRoute(deps, proxy),
    proxy,
    proxyInLane: (call, name) => proxyInLane(setup, call, name),
    close,
    activity: (name) => log.activity(name),
    // Discovery is asked once more (bounded) while the pod still serves; then listen streams
    // end gracefully (the client may listen again) before the pods go.
    whileStopping: async (name, stop) => {
      const gate = gates.gateFor(name)
      await refresher?.beforeStop(name, gate)
      const settleMs = options.stopSettleMs ?? 10_000
      return gate.whileStopping(() => listens.endAll(name).then(stop), settleMs)
    },
  }
}

/** The discovery keeper and its refresher, when a discovery store is given; else neither. */
function discoveryOf(
  options: ActivatorOptions,
  reach: PodReach
): { keeper: DiscoveryKeeper | undefined; refresher: DiscoveryRefresher | undefined } {
  if (!options.discovery) return { keeper: undefined, refresher: undefined }
  const onError = options.onDiscoveryError ?? (() => {})
  const keeper = new DiscoveryKeeper({
    store: options.discovery,
    onError,
    ...(options.discoverySummaries && { summaries: options.discoverySummaries }),
  })
  const refresher = new DiscoveryRefresher({
    keeper,
    reach,
    timeoutMs: options.discoveryRefreshMs ?? 3_000,
    maxAnswerBytes: MAX_KEPT_ANSWER_BYTES,
    onError,
  })
  return { keeper, refresher }
}
