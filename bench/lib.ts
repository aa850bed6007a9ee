// Shared helpers of the benchmarks: the workspace packages' entries they measure, cluster
// access (the bench's own back door), bulk creation, audit-log request counting, the app under
// test served on 127.0.0.1 (statistics, tables and options are in stats.ts).
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { homedir } from 'node:os'

import * as k8s from '@kubernetes/client-node'
import { fetch as undiciFetch, Agent as UndiciAgent } from 'undici'
import { serve } from '@hono/node-server'
import { createK8sBackend } from '@mcp-lifecycle/k8s-adapter'
import { httpsFetch, KWOK_POD_SPEC } from '@mcp-lifecycle/k8s-adapter/testing'
import { startPodProcesses, type PodProcesses } from '@mcp-lifecycle/k8s-adapter/pod-processes'
import { createClientNodeApis } from './client-node-apis.ts'
import { DEFAULT_LIMITS } from '@mcp-lifecycle/core'
import { createServerApp } from '@mcp-lifecycle/server'
import type { LifecycleBackend } from '@mcp-lifecycle/core'
import type { FetchFn } from '@mcp-lifecycle/k8s-adapter'
import { sleep } from './stats.ts'

export { k8s, createK8sBackend, createServerApp, DEFAULT_LIMITS }

/** client-node's generated API clients (the benchmarks' baselines), see client-node-apis.ts. */
export const createApiClients = createClientNodeApis
export type { LifecycleBackend, FetchFn }

export const MCP_LABEL = { 'app.kubernetes.io/component': 'mcp-server' }
export const MCP_SELECTOR = 'app.kubernetes.io/component=mcp-server'

// --- cluster access ----------------------------------------------------------------------------

export function kubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig()
  kc.loadFromDefault()
  if (!kc.getCurrentCluster())
    throw new Error('No kubeconfig: run under bench/run.sh or set KUBECONFIG')
  return kc
}

export interface Cluster {
  kc: k8s.KubeConfig
  apps: k8s.AppsV1Api
  core: k8s.CoreV1Api
}

export function cluster(): Cluster {
  const kc = kubeConfig()
  return { kc, apps: kc.makeApiClient(k8s.AppsV1Api), core: kc.makeApiClient(k8s.CoreV1Api) }
}

export async function createNamespace(c: Cluster, prefix: string): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}`
  await c.core.createNamespace({
    body: { metadata: { name, labels: { 'mcp-lifecycle.test/bench': 'true' } } },
  })
  // The namespace's default ServiceAccount is not needed: pods are never run for real.
  return name
}

/** Deletes the namespace and waits (bounded) until it is gone, so its teardown does not load the next benchmark. */
export async function deleteNamespace(
  c: Cluster,
  name: string,
  timeoutMs = 180_000
): Promise<number> {
  const t0 = performance.now()
  try {
    await c.core.deleteNamespace({ name })
  } catch {
    return 0
  }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      await c.core.readNamespace({ name })
    } catch {
      return performance.now() - t0
    }
    await sleep(500)
  }
  console.error(
    `[bench] namespace ${name} still terminating after ${timeoutMs / 1000} s; leaving it`
  )
  return performance.now() - t0
}

export interface ServerSpec {
  name: string
  mcp?: boolean
  replicas?: number
  /** kwok ready delay (Go duration) on the pod template: the pod turns Ready that long after it is scheduled. */
  readyDelay?: string
}

export function deploymentManifest(spec: ServerSpec): k8s.V1Deployment {
  const podLabels = { app: spec.name }
  return {
    metadata: {
      name: spec.name,
      labels: { ...(spec.mcp === false ? {} : MCP_LABEL), app: spec.name },
    },
    spec: {
      replicas: spec.replicas ?? 0,
      selector: { matchLabels: podLabels },
      template: {
        metadata: {
          labels: podLabels,
          ...(spec.readyDelay && {
            annotations: { 'mcp-lifecycle.test/ready-delay': spec.readyDelay },
          }),
        },
        spec: KWOK_POD_SPEC,
      },
    },
  }
}

export function serviceManifest(name: string): k8s.V1Service {
  return {
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  }
}

/** Runs fn over items with at most `limit` in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Creates Deployments (and a Service for each MCP one) with bounded concurrency, retrying on 429/5xx. */
export async function createServers(
  c: Cluster,
  namespace: string,
  specs: ServerSpec[],
  concurrency = 20
): Promise<void> {
  await mapLimit(specs, concurrency, async (spec) => {
    await retry(() =>
      c.apps.createNamespacedDeployment({ namespace, body: deploymentManifest(spec) })
    )
    if (spec.mcp !== false)
      await retry(() =>
        c.core.createNamespacedService({ namespace, body: serviceManifest(spec.name) })
      )
  })
}

async function retry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (error) {
      const code = (error as { code?: number }).code ?? 0
      if (code === 409) return undefined as T // already there (a retried create)
      if (i >= attempts || (code !== 429 && code < 500)) throw error
      await sleep(200 * i)
    }
  }
}

/** Waits until every Deployment of the namespace has its spec observed and as many ready pods as desired. */
export async function waitSettled(
  c: Cluster,
  namespace: string,
  expected: number,
  timeoutMs = 300_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let pending = expected
  while (Date.now() < deadline) {
    const list = await c.apps.listNamespacedDeployment({ namespace })
    pending =
      Math.max(0, expected - list.items.length) +
      list.items.filter((d) => {
        const s = d.status ?? {}
        return (
          (s.observedGeneration ?? 0) < (d.metadata?.generation ?? 1) ||
          (s.readyReplicas ?? 0) !== (d.spec?.replicas ?? 0) ||
          (s.replicas ?? 0) !== (d.spec?.replicas ?? 0)
        )
      }).length
    if (pending === 0) return
    await sleep(1000)
  }
  throw new Error(
    `${pending} Deployment(s) in ${namespace} did not settle within ${timeoutMs / 1000} s`
  )
}

/** A real example MCP server process, in `mode`, for each pod of `labelSelector` (port 8080). */
export function startExamplePods(
  c: Cluster,
  namespace: string,
  labelSelector: string,
  mode: string
): Promise<PodProcesses> {
  return startPodProcesses({
    kubeConfig: c.kc,
    namespace,
    labelSelector,
    port: 8080,
    args: ['--mode', mode],
  })
}

// --- API requests counted at the API server (audit log) ------------------------------------------

/** $MCPL_STATE/audit.log of the cluster the kubeconfig points at (the kubeconfig lives in $MCPL_STATE). */
export function auditLogPath(): string {
  if (process.env.BENCH_AUDIT_LOG) return process.env.BENCH_AUDIT_LOG
  const candidates = [
    process.env.KUBECONFIG &&
      join(dirname(process.env.KUBECONFIG.split(':')[0] ?? ''), 'audit.log'),
    process.env.MCPL_STATE && join(process.env.MCPL_STATE, 'audit.log'),
    join(
      process.env.MCPL_CACHE ??
        join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mcp-lifecycle'),
      'cluster',
      'audit.log'
    ),
  ].filter((p): p is string => Boolean(p))
  const found = candidates.find((p) => existsSync(p))
  if (!found)
    throw new Error(`No audit log found (tried ${candidates.join(', ')}); set BENCH_AUDIT_LOG`)
  return found
}

export interface AuditEntry {
  verb: string
  requestURI: string
  userAgent?: string
  responseStatus?: { code?: number }
}

/**
 * Counts audit lines by user agent from a byte offset on. The apiserver writes the
 * ResponseComplete event after the response is sent, so reading waits until two reads
 * 250 ms apart agree.
 */
export class AuditCounter {
  readonly path = auditLogPath()

  mark(): number {
    return statSync(this.path).size
  }

  /** Entries whose user agent starts with `userAgent`, written after `offset`. */
  async entries(userAgent: string, offset: number, settleMs = 250): Promise<AuditEntry[]> {
    let previous = -1
    for (let i = 0; i < 20; i++) {
      await sleep(settleMs)
      const found = this.read(userAgent, offset)
      if (found.length === previous) return found
      previous = found.length
    }
    return this.read(userAgent, offset)
  }

  async count(userAgent: string, offset: number): Promise<number> {
    return (await this.entries(userAgent, offset)).length
  }

  private read(userAgent: string, offset: number): AuditEntry[] {
    const fd = openSync(this.path, 'r')
    try {
      const size = fstatSync(fd).size
      // Rotated since the mark: count the new file from its start.
      const from = size < offset ? 0 : offset
      const buffer = Buffer.alloc(size - from)
      let read = 0
      while (read < buffer.length) {
        const n = readSync(fd, buffer, read, buffer.length - read, from + read)
        if (n === 0) break
        read += n
      }
      const needle = `"userAgent":"${userAgent}`
      const out: AuditEntry[] = []
      for (const line of buffer.subarray(0, read).toString('utf8').split('\n')) {
        if (!line.includes(needle)) continue
        try {
          out.push(JSON.parse(line) as AuditEntry)
        } catch {
          // a line being written: the next read sees it whole
        }
      }
      return out
    } finally {
      closeSync(fd)
    }
  }
}

/** The adapter's fetch (or `base`), with a user agent of our choosing on every request. */
export function taggedFetch(userAgent: () => string, base: FetchFn = httpsFetch): FetchFn {
  return (input, init = {}) => {
    const headers = Object.fromEntries(
      new Headers(init.headers as ConstructorParameters<typeof Headers>[0])
    )
    headers['user-agent'] = userAgent()
    return base(input, { ...init, headers })
  }
}

/**
 * An experiment, not the product: like taggedFetch, but over undici's fetch and one undici Agent
 * (kept-alive TLS connections, HTTP/2 when the API server offers it), what the adapter used
 * until it sent its requests with node:https (https-fetch.ts).
 */
export async function keepAliveFetch(
  kc: k8s.KubeConfig,
  userAgent: () => string
): Promise<FetchFn> {
  const tls: { ca?: unknown; cert?: unknown; key?: unknown } = {}
  await kc.applyToHTTPSOptions(tls as never)
  const agent = new UndiciAgent({
    connect: { ca: tls.ca, cert: tls.cert, key: tls.key, keepAlive: true } as never,
  })
  const tagged = taggedFetch(userAgent, undiciFetch as unknown as FetchFn)
  return (input, init = {}) => tagged(input, { ...init, dispatcher: agent })
}

/** A mutable user agent: set `.current` before a call to attribute its API requests. */
export class UserAgent {
  current: string
  constructor(current: string) {
    this.current = current
  }
  readonly get = () => this.current
}

// --- the app under test ----------------------------------------------------------------------------

export interface Served {
  url: string
  close(): Promise<void>
}

/** Serves an app (Hono-style fetch) on 127.0.0.1 at a free port. */
export function serveOnLoopback(app: {
  fetch: (request: Request) => Response | Promise<Response>
}): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, port: 0, hostname: '127.0.0.1' },
      (info: AddressInfo) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () =>
            new Promise<void>((done) => {
              ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
              server.close(() => done())
            }),
        })
      }
    )
  })
}

/** The real server app over the Kubernetes backend, its API requests tagged with `ua`. */
export function serveServerApp(
  namespace: string,
  ua: UserAgent,
  backend?: LifecycleBackend
): Promise<Served> {
  const kc = kubeConfig()
  const b =
    backend ??
    createK8sBackend({
      kubeConfig: kc,
      namespace,
      selector: MCP_SELECTOR,
      fetch: taggedFetch(ua.get),
    })
  return serveOnLoopback(createServerApp({ backend: b, limits: DEFAULT_LIMITS }))
}

/** GET or POST a URL of the app under test; throws unless 2xx. */
export async function request(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init)
  if (!response.ok)
    throw new Error(
      `${init.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`
    )
  return response
}

export const postJson = (url: string, body: unknown) =>
  request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
