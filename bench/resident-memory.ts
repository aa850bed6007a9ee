// The manager's resident memory with many servers cached (issue 26, finding 12). The bundle as
// its image runs it (apps/server/dist/manager.mjs, the image's environment, a compile cache),
// and beside it variants of its memory settings, each started alone over the same servers, in
// rounds interleaved. Each: wait until GET /servers lists every server, read every server once
// (GET /servers/{name}, 10 in flight), wait BENCH_MEMORY_SETTLE_MS (RSS logged every 5 s), then
// read VmRSS, VmHWM (the peak) and the V8 heap used (its /metrics). No streams, no wakes: the
// memory of the cache, the API and the process itself. Only 127.0.0.1 and the cluster of KUBECONFIG.
//
//   BENCH_MEMORY_NAMESPACE (fanout5k: made by stream-fanout.ts with BENCH_FANOUT_KEEP_NAMESPACE,
//   its servers are mcp-00000 and up), BENCH_MEMORY_ROUNDS (2), BENCH_MEMORY_SETTLE_MS (5000),
//   BENCH_MEMORY_VARIANTS (a comma-separated subset of the names below), BENCH_FANOUT_MANAGER
//   (another bundle)
//
// Alone: `node bench/resident-memory.ts` (through bash scripts/run.sh, KUBECONFIG set).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cluster, mapLimit } from './lib.ts'
import { envInt, log, round, sleep, table } from './stats.ts'
import { spawnTagged } from './processes.ts'
import { compileCache, MANAGER_BUNDLE, managerEnv } from './shipped.ts'
import { waitForList } from './stream-fanout.ts'

/** A variant: what it adds to the image's environment (NODE_OPTIONS appended) or takes away. */
interface Variant {
  name: string
  nodeOptions?: string
  env?: Record<string, string>
  unset?: string[]
}

const VARIANTS: Variant[] = [
  { name: 'image' },
  { name: 'glibc-arenas', unset: ['MALLOC_ARENA_MAX'] },
  // A fixed mmap threshold: glibc otherwise raises it (up to 32 MB) after a large block is
  // freed, and blocks below it then stay in the arenas, not returned.
  { name: 'mmap-128k', env: { MALLOC_MMAP_THRESHOLD_: '131072' } },
  { name: 'trim-128k', env: { MALLOC_TRIM_THRESHOLD_: '131072' } },
  { name: 'semi-2', nodeOptions: '--max-semi-space-size=2' },
]

/** How often the settling is logged. */
const SETTLE_STEP_MS = 5000

interface Sample {
  variant: string
  rssMb: number
  peakMb: number
  heapUsedMb: number
}

export async function runResidentMemory(): Promise<Sample[]> {
  const namespace = process.env.BENCH_MEMORY_NAMESPACE ?? 'fanout5k'
  const rounds = envInt('BENCH_MEMORY_ROUNDS', 2)
  const settleMs = envInt('BENCH_MEMORY_SETTLE_MS', 5000)
  const chosen = process.env.BENCH_MEMORY_VARIANTS?.split(',')
  const variants = chosen ? VARIANTS.filter((v) => chosen.includes(v.name)) : VARIANTS
  const bundle = process.env.BENCH_FANOUT_MANAGER ?? MANAGER_BUNDLE
  const c = cluster()
  const names = (await c.apps.listNamespacedDeployment({ namespace })).items.map(
    (d) => d.metadata!.name!
  )
  if (names.length === 0) throw new Error(`no servers in ${namespace}: run stream-fanout first`)
  log(`resident memory: ${namespace}, ${names.length} servers, ${variants.length} variants`)
  const cacheDir = mkdtempSync(join(tmpdir(), 'mcpl-bench-compile-cache-'))
  const samples: Sample[] = []
  try {
    const cache = compileCache(bundle, cacheDir)
    for (let r = 0; r < rounds; r++) {
      for (const variant of variants) {
        samples.push(await measure(bundle, namespace, names, variant, cache, settleMs))
        const s = samples.at(-1)!
        log(`${variant.name}: RSS ${round(s.rssMb)} MB, peak ${round(s.peakMb)} MB`)
      }
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true })
  }
  return samples
}

async function measure(
  bundle: string,
  namespace: string,
  names: string[],
  variant: Variant,
  cache: string,
  settleMs: number
): Promise<Sample> {
  const image: Record<string, string> = managerEnv(namespace)
  const env = { ...image, ...variant.env }
  for (const name of variant.unset ?? []) delete env[name]
  const manager = await spawnTagged(bundle, 'mcpl-bench-memory', {
    ...env,
    NODE_OPTIONS: `${image.NODE_OPTIONS} ${variant.nodeOptions ?? ''}`.trim(),
    NODE_COMPILE_CACHE: cache,
  })
  try {
    await waitForList(manager.url, names.length)
    await mapLimit(names, 10, async (name) => {
      const response = await fetch(`${manager.url}/servers/${name}`, {
        signal: AbortSignal.timeout(10_000),
      })
      if (!response.ok) throw new Error(`GET /servers/${name}: ${response.status}`)
      await response.arrayBuffer()
    })
    // The settled figure, and the way there: V8 gives back what the first listing grew only
    // once its memory reducer runs, some seconds after the last large collection.
    for (let waited = 0; waited < settleMs; waited += SETTLE_STEP_MS) {
      await sleep(Math.min(SETTLE_STEP_MS, settleMs - waited))
      log(
        `  ${variant.name} after ${round((waited + SETTLE_STEP_MS) / 1000)} s: RSS ${round(manager.memory().rssMb)} MB`
      )
    }
    const metrics = await (await fetch(`${manager.url}/metrics`)).text()
    const used = /^mcpl_nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(metrics)?.[1]
    const { rssMb, peakMb } = manager.memory()
    return { variant: variant.name, rssMb, peakMb, heapUsedMb: Number(used) / 2 ** 20 }
  } finally {
    await manager.stop()
  }
}

if (import.meta.main) {
  const samples = await runResidentMemory()
  const rows = samples.map((s) => [s.variant, round(s.rssMb), round(s.peakMb), round(s.heapUsedMb)])
  console.log(
    table('manager resident memory', [['variant', 'RSS MB', 'peak MB', 'heap used MB'], ...rows])
  )
}
