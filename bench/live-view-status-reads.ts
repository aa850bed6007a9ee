// Part of the live-view benchmark: one status read, in this process, three ways, interleaved:
//  - live: the adapter's getServer as a warm status function reads (Services followed by the
//    watch its first read started: one GET of the Deployment), then the status view,
//  - before: a function's first read, and every read before Services were followed (the
//    Deployment by name and label, every Service of the namespace from the watch cache, plain
//    JSON, a snapshot of those that select the server),
//  - original: the original implementation's method, GET the Deployment, then GET the Service
//    named like it (it finds no other Service that selects the server).
import { toStatusView } from '@mcp-lifecycle/core'
import { toDeploymentSnapshot, toServiceSnapshot } from '@mcp-lifecycle/k8s-adapter/testing'
import {
  AuditCounter,
  type Cluster,
  createApiClients,
  createK8sBackend,
  MCP_SELECTOR,
  taggedFetch,
} from './lib.ts'
import { envInt, summarize, type Summary, timed } from './stats.ts'

export interface StatusReads {
  iterations: number
  live_ms: Summary
  before_ms: Summary
  original_ms: Summary
  /** live median over original median, in this run */
  ratio_live_to_original: number
  ratio_before_to_original: number
  api_requests: { live: number; before: number; original: number }
}

export async function measureStatusReads(
  c: Cluster,
  namespace: string,
  name: string,
  audit: AuditCounter,
  run: string
): Promise<StatusReads> {
  const iterations = envInt('BENCH_STATUS_READS', 50)
  const ua = (who: string) => `mcpl-bench-live-read-${who}-${run}`
  const stopFollowing = new AbortController()
  const connection = (who: string) => ({
    kubeConfig: c.kc,
    namespace,
    selector: MCP_SELECTOR,
    fetch: taggedFetch(() => ua(who)),
  })
  const backend = createK8sBackend({ ...connection('live'), followServices: stopFollowing.signal })
  const listing = createK8sBackend(connection('before'))
  const original = createApiClients(
    c.kc,
    taggedFetch(() => ua('original'))
  )
  const reads = {
    live: async () => toStatusView(await backend.getServer(name)),
    before: async () => toStatusView(await listing.getServer(name)),
    original: async () => {
      const deployment = await original.apps.readNamespacedDeployment({ name, namespace })
      const service = await original.core.readNamespacedService({ name, namespace })
      return toStatusView({
        deployment: toDeploymentSnapshot(deployment),
        services: [toServiceSnapshot(service)],
      })
    },
  }
  const names = ['live', 'before', 'original'] as const
  for (let i = 0; i < 5; i++) for (const n of names) await reads[n]() // warm-up
  await following(reads.live, audit, ua('live'))
  const api = { live: 0, before: 0, original: 0 }
  for (const n of names) {
    const offset = audit.mark()
    const view = await reads[n]()
    if (view.endpoints.length === 0) throw new Error(`the ${n} read found no endpoint`)
    api[n] = await audit.count(ua(n), offset)
  }
  const t = { live: [] as number[], before: [] as number[], original: [] as number[] }
  for (let i = 0; i < iterations; i++) for (const n of names) t[n].push((await timed(reads[n]))[0])
  stopFollowing.abort()
  const s = {
    live: summarize(t.live),
    before: summarize(t.before),
    original: summarize(t.original),
  }
  return {
    iterations,
    live_ms: s.live,
    before_ms: s.before,
    original_ms: s.original,
    ratio_live_to_original: Math.round((s.live.median / s.original.median) * 100) / 100,
    ratio_before_to_original: Math.round((s.before.median / s.original.median) * 100) / 100,
    api_requests: api,
  }
}

/** Reads until one sends a single API request: the warm function's watch is connected. */
async function following(read: () => Promise<unknown>, audit: AuditCounter, ua: string) {
  for (let i = 0; i < 100; i++) {
    const offset = audit.mark()
    await read()
    if ((await audit.count(ua, offset)) === 1) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the followed Services never connected')
}
