// Helpers of the scale-to-zero benchmark (scale-to-zero.ts): the manager as apps/server
// composes it (activator + app, served on 127.0.0.1), a real MCP server in this process bound
// to a pod's loopback IP with every POST observed, Deployments with annotations and pod labels,
// a pod watch that notes when pods turn Ready, and raw MCP requests.
import { createActivator, startReaper } from '@mcp-lifecycle/activator'
import type { Activator, ReaperLoop } from '@mcp-lifecycle/activator'
import { createK8sServerPods } from '@mcp-lifecycle/k8s-adapter'
import type { Principal } from '@mcp-lifecycle/core'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import {
  type Cluster,
  createK8sBackend,
  createServerApp,
  k8s,
  type LifecycleBackend,
  serveOnLoopback,
} from './lib.ts'
import { sleep } from './stats.ts'
import { KWOK_POD_SPEC } from '@mcp-lifecycle/k8s-adapter/testing'

export { Client, StreamableHTTPClientTransport }

const WRITER: Principal = { id: 'bench', scope: 'write' }

export interface Manager {
  url: string
  activator: Activator
  close(): Promise<void>
}

export interface ManagerOptions {
  sessionSecret?: string
  /** Starts the reaper in this manager (no Lease: it always reaps), every `reaperIntervalMs`. */
  reaperIntervalMs?: number
  /** Called when the reaper's scale to 0 of a server has been sent. */
  onReaperStop?: (name: string) => void
}

/** One manager replica over the real adapter, with the defaults of apps/server/src/main.ts. */
export async function startManager(
  c: Cluster,
  namespace: string,
  options: ManagerOptions = {}
): Promise<Manager> {
  const backend = createK8sBackend({ kubeConfig: c.kc, namespace })
  const deps = { backend, authenticator: async () => WRITER }
  const activator = createActivator(deps, {
    pods: createK8sServerPods({ kubeConfig: c.kc, namespace }),
    ...(options.sessionSecret && { sessionSecrets: [options.sessionSecret] }),
  })
  let reaper: ReaperLoop | undefined
  if (options.reaperIntervalMs) {
    const onStop = options.onReaperStop
    const reaperBackend: LifecycleBackend = {
      ...backend,
      async scale(name, replicas, mutation) {
        const result = await backend.scale(name, replicas, mutation)
        if (replicas === 0) onStop?.(name)
        return result
      },
    }
    reaper = startReaper({
      backend: reaperBackend,
      activator,
      intervalMs: options.reaperIntervalMs,
    })
  }
  const served = await serveOnLoopback(createServerApp(deps, undefined, activator))
  return {
    url: served.url,
    activator,
    async close() {
      await reaper?.stop()
      activator.close()
      await served.close()
    },
  }
}

// --- Deployments ---------------------------------------------------------------------------------

export interface BenchServer {
  name: string
  replicas?: number
  annotations?: Record<string, string>
  /** More pod labels (kwok scenarios: mcp-lifecycle.test/image-pull-error). */
  podLabels?: Record<string, string>
  /** Pod annotations (READY_WHEN_LISTENING: Ready only once the harness's process listens). */
  podAnnotations?: Record<string, string>
}

/** Pods Ready only once their harness process listens, as a readiness probe makes them. */
export const READY_WHEN_LISTENING = { 'mcp-lifecycle.test/ready-when': 'listening' }

export async function createBenchServers(
  c: Cluster,
  namespace: string,
  servers: BenchServer[]
): Promise<void> {
  await Promise.all(
    servers.map((s) =>
      c.apps.createNamespacedDeployment({
        namespace,
        body: {
          metadata: {
            name: s.name,
            labels: { 'app.kubernetes.io/component': 'mcp-server', app: s.name },
            ...(s.annotations && { annotations: s.annotations }),
          },
          spec: {
            replicas: s.replicas ?? 0,
            selector: { matchLabels: { app: s.name } },
            template: {
              metadata: {
                labels: { app: s.name, ...s.podLabels },
                ...(s.podAnnotations && { annotations: s.podAnnotations }),
              },
              spec: KWOK_POD_SPEC,
            },
          },
        },
      })
    )
  )
}

export async function scale(c: Cluster, namespace: string, name: string, replicas: number) {
  await c.apps.replaceNamespacedDeploymentScale({
    name,
    namespace,
    body: { metadata: { name, namespace }, spec: { replicas } },
  })
}

/** Polls until `app=<name>` has `count` live pods (Ready with an IP when count > 0). */
export async function waitPods(
  c: Cluster,
  namespace: string,
  name: string,
  count: number,
  timeoutMs = 60_000
): Promise<k8s.V1Pod[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const list = await c.core.listNamespacedPod({ namespace, labelSelector: `app=${name}` })
    const pods = count === 0 ? list.items : list.items.filter((p) => isReady(p))
    if (pods.length === count && (count > 0 || list.items.length === 0)) return pods
    if (Date.now() > deadline) throw new Error(`${name}: not ${count} pods within ${timeoutMs} ms`)
    await sleep(100)
  }
}

const isReady = (pod: k8s.V1Pod) =>
  !pod.metadata?.deletionTimestamp &&
  Boolean(pod.status?.podIP) &&
  Boolean(pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))

/**
 * What `look` finds once the bench's own watch has caught up (polled every 10 ms, at most
 * `ms`): under load its events may land after the manager's.
 */
export async function seenByWatch<T>(look: () => T | undefined, ms = 5000): Promise<T | undefined> {
  const deadline = performance.now() + ms
  for (;;) {
    const found = look()
    if (found !== undefined || performance.now() > deadline) return found
    await sleep(10)
  }
}

const START_FAILURES = /^(ImagePullBackOff|ErrImagePull|CrashLoopBackOff)$/

/** When the bench's watch first saw a pod (by UID), scheduled, and with an IP. */
export interface PodSightings {
  app: string
  created: number
  scheduled: number | undefined
  withIp: number | undefined
}

/** A watch of the namespace's pods: when each pod (by UID) was first seen Ready or failing. */
export class PodWatch {
  readonly readyAt = new Map<string, { app: string; at: number }>()
  readonly sightings = new Map<string, PodSightings>()
  readonly waitingAt = new Map<string, { app: string; reason: string; at: number }>()
  private abort: { abort(): void } | undefined
  private stopped = false
  private readonly c: Cluster
  private readonly namespace: string

  constructor(c: Cluster, namespace: string) {
    this.c = c
    this.namespace = namespace
  }

  async start(): Promise<void> {
    const watch = new k8s.Watch(this.c.kc)
    const open = async (): Promise<void> => {
      this.abort = await watch.watch(
        `/api/v1/namespaces/${this.namespace}/pods`,
        {},
        (type, pod: k8s.V1Pod) => {
          if (type !== 'ADDED' && type !== 'MODIFIED') return
          const uid = pod.metadata?.uid ?? ''
          const app = pod.metadata?.labels?.app ?? ''
          const now = performance.now()
          this.sight(uid, app, pod, now)
          if (isReady(pod) && !this.readyAt.has(uid)) this.readyAt.set(uid, { app, at: now })
          const waiting = pod.status?.containerStatuses?.find((s) => s.state?.waiting?.reason)
          const reason = waiting?.state?.waiting?.reason
          if (reason && START_FAILURES.test(reason) && !this.waitingAt.has(uid))
            this.waitingAt.set(uid, { app, reason, at: now })
        },
        () => void (this.stopped || open())
      )
    }
    await open()
  }

  private sight(uid: string, app: string, pod: k8s.V1Pod, now: number): void {
    let seen = this.sightings.get(uid)
    if (!seen)
      this.sightings.set(
        uid,
        (seen = { app, created: now, scheduled: undefined, withIp: undefined })
      )
    if (pod.spec?.nodeName) seen.scheduled ??= now
    if (pod.status?.podIP) seen.withIp ??= now
  }

  /** The first pod of `app` the watch saw created at or after `after`. */
  createdSince(app: string, after: number): PodSightings | undefined {
    for (const seen of this.sightings.values())
      if (seen.app === app && seen.created >= after) return seen
    return undefined
  }

  /** When a pod of `app` was first seen Ready, at or after `after`. */
  readySince(app: string, after: number): number | undefined {
    for (const { app: a, at } of this.readyAt.values()) if (a === app && at >= after) return at
    return undefined
  }

  /** When a pod of `app` was first seen failing to start (and why), at or after `after`. */
  waitingSince(app: string, after: number): { reason: string; at: number } | undefined {
    for (const w of this.waitingAt.values()) if (w.app === app && w.at >= after) return w
    return undefined
  }

  stop(): void {
    this.stopped = true
    this.abort?.abort()
  }
}

// --- an observed MCP server in this process --------------------------------------------------------

export {
  serveObservedPod,
  type ObservedCall,
  type ObservedPod,
} from '@mcp-lifecycle/example-mcp-server/observed-pod'

// --- raw MCP requests --------------------------------------------------------------------------------

export const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
}

export const initializeBody = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'bench', version: '0' },
  },
}

export function mcpPost(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, 'mcp-protocol-version': '2025-11-25', ...headers },
    body: JSON.stringify(body),
    ...(signal && { signal }),
  })
}

export const slowCount = (count: number, intervalMs: number) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'slow_count',
    arguments: { count, interval_ms: intervalMs },
    _meta: { progressToken: 'bench' },
  },
})

/**
 * Reads an SSE response, calling `onProgress(n, at)` as the n-th progress event (1-based, its
 * `progress` field) arrives; resolves when the stream ends or `stop(n)` says so.
 */
export async function readProgress(
  response: Response,
  onProgress: (n: number, at: number) => void,
  stop: (n: number) => boolean = () => false
): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    const at = performance.now()
    buffer += value
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const data = /^data: (.*)$/m.exec(event)?.[1]
      if (!data) continue
      const message = JSON.parse(data) as { method?: string; params?: { progress?: number } }
      if (message.method !== 'notifications/progress') continue
      const n = message.params?.progress ?? 0
      onProgress(n, at)
      if (stop(n)) {
        await reader.cancel().catch(() => {})
        return
      }
    }
  }
}
