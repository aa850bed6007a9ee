// Part of the live-view benchmark: one status read, in this process, three ways, interleaved:
//  - live: the adapter's getServer (as the status function reads), then the status view,
//  - before: the live path as it was until 2026-12-10 (the Deployment by name and label, every
//    Service of the namespace deserialized by client-node, a snapshot of each),
//  - original: the original implementation's method, GET the Deployment, then GET the Service
//    named like it (it finds no other Service that selects the server).
import { toStatusView } from '../packages/core/src/index.ts'
import { toDeploymentSnapshot, toServiceSnapshot } from '../packages/k8s-adapter/src/to-snapshot.ts'
import {
  AuditCounter,
  createApiClients,
  createK8sBackend,
  envInt,
  MCP_SELECTOR,
  summarize,
  taggedFetch,
  timed,
  type Cluster,
  type Summary,
} from './lib.ts'

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
  const backend = createK8sBackend({
    kubeConfig: c.kc,
    namespace,
    selector: MCP_SELECTOR,
    fetch: taggedFetch(() => ua('live')),
  })
  const before = createApiClients(
    c.kc,
    taggedFetch(() => ua('before'))
  )
  const original = createApiClients(
    c.kc,
    taggedFetch(() => ua('original'))
  )
  const reads = {
    live: async () => toStatusView(await backend.getServer(name)),
    before: async () => {
      const [deployments, services] = await Promise.all([
        before.apps.listNamespacedDeployment({
          namespace,
          labelSelector: MCP_SELECTOR,
          fieldSelector: `metadata.name=${name}`,
        }),
        before.core.listNamespacedService({ namespace }),
      ])
      return toStatusView({
        deployment: toDeploymentSnapshot(deployments.items[0]!),
        services: services.items.map(toServiceSnapshot),
      })
    },
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
  const api = { live: 0, before: 0, original: 0 }
  for (const n of names) {
    const offset = audit.mark()
    const view = await reads[n]()
    if (view.endpoints.length === 0) throw new Error(`the ${n} read found no endpoint`)
    api[n] = await audit.count(ua(n), offset)
  }
  const t = { live: [] as number[], before: [] as number[], original: [] as number[] }
  for (let i = 0; i < iterations; i++) for (const n of names) t[n].push((await timed(reads[n]))[0])
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
