// Helpers of the live-view benchmark (live-view.ts): processes run as shipped with their API
// requests tagged (tag-user-agent.mjs), their resident memory sampled from /proc, autocannon in
// a process of its own, a Server-Sent Events reader and a raw watch of the Deployments.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { readFileSync } from 'node:fs'
import { readWatchEvents } from '@mcp-lifecycle/k8s-adapter/testing'
import { freePort, sleep } from './lib.ts'

const TAG = new URL('./tag-user-agent.mjs', import.meta.url).pathname
const AUTOCANNON = fileURLToPath(import.meta.resolve('autocannon/autocannon.js'))

export interface Proc {
  pid: number
  url: string
  /** VmRSS and VmHWM (peak resident) of the process, in MB. */
  memory(): { rssMb: number; peakMb: number }
  stop(): Promise<void>
}

/**
 * Runs `node <entry> [...args]` (a source file, a bundle, or what runs one) on a free loopback
 * port without authentication, every API request tagged with `userAgent`; resolves once /healthz
 * answers.
 */
export async function spawnTagged(
  entry: string,
  userAgent: string,
  env: Record<string, string>,
  args: string[] = []
): Promise<Proc> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, ['--import', TAG, entry, ...args], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MCPL_AUTH: 'none',
      MCPL_LOG_LEVEL: 'warn',
      BENCH_USER_AGENT: userAgent,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`)
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false
    )
    if (ok) break
    if (Date.now() > deadline) throw new Error(`${entry} did not answer /healthz within 30 s`)
    await sleep(50)
  }
  const pid = child.pid!
  return {
    pid,
    url,
    memory: () => readMemory(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        // Exited already: by itself (exitCode) or by a signal, e.g. aborted out of memory.
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 5000).unref()
      }),
  }
}

function readMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

/** Samples a process's VmRSS every 200 ms while `during` runs; resolves with its result and the highest sample. */
export async function withRssSamples<T>(
  proc: Proc,
  during: () => Promise<T>
): Promise<[T, number]> {
  let highest = proc.memory().rssMb
  const timer = setInterval(() => {
    highest = Math.max(highest, proc.memory().rssMb)
  }, 200)
  try {
    const result = await during()
    return [result, Math.max(highest, proc.memory().rssMb)]
  } finally {
    clearInterval(timer)
  }
}

export interface CannonResult {
  requestsPerSecond: number
  total: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

/** autocannon -c connections -d seconds <url>, as a process of its own. */
export function runAutocannon(
  url: string,
  connections: number,
  seconds: number
): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [AUTOCANNON, '-c', String(connections), '-d', String(seconds), '--json', url],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    let err = ''
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 60) * 1000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code !== 0)
        return reject(new Error(`autocannon exited with ${code}: ${err.slice(0, 500)}`))
      try {
        const r = JSON.parse(out.trim().split('\n').at(-1) ?? '') as Record<string, any>
        resolve({
          requestsPerSecond: Number(r.requests?.average ?? 0),
          total: Number(r.requests?.total ?? 0),
          p50: Number(r.latency?.p50),
          p99: Number(r.latency?.p99),
          non2xx: Number(r.non2xx ?? 0),
          errors: Number(r.errors ?? 0) + Number(r.timeouts ?? 0),
        })
      } catch {
        reject(new Error(`autocannon printed no JSON: ${out.slice(0, 300)} ${err.slice(0, 300)}`))
      }
    })
  })
}

export interface SseEvent {
  event: string
  data: unknown
  /** performance.now() when the event was read */
  at: number
}

/** Reads a text/event-stream, calling `onEvent` for each event, until the signal aborts. */
export async function readSse(
  url: string,
  signal: AbortSignal,
  onEvent: (event: SseEvent) => void
): Promise<void> {
  const response = await fetch(url, { signal, headers: { accept: 'text/event-stream' } })
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`)
  let buffer = ''
  try {
    for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
      buffer += chunk
      let end = buffer.indexOf('\n\n')
      while (end >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: ?(.*)$/m.exec(block)?.[1]
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n')
        if (event && data) onEvent({ event, data: JSON.parse(data), at: performance.now() })
        end = buffer.indexOf('\n\n')
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error
  }
}

/** A raw watch of the namespace's Deployments (no list first), as another client sees them. */
export async function watchDeploymentsRaw(
  stream: (path: string, query: Record<string, string>, signal: AbortSignal) => Promise<Response>,
  namespace: string,
  signal: AbortSignal,
  onEvent: (name: string, replicas: number | undefined, at: number) => void
): Promise<void> {
  const response = await stream(
    `/apis/apps/v1/namespaces/${namespace}/deployments`,
    { watch: 'true', resourceVersion: '0', allowWatchBookmarks: 'false' },
    signal
  )
  if (!response.ok || !response.body) throw new Error(`watch answered ${response.status}`)
  try {
    for await (const event of readWatchEvents(response.body)) {
      const object = event.object as { metadata?: { name?: string }; spec?: { replicas?: number } }
      onEvent(object.metadata?.name ?? '', object.spec?.replicas, performance.now())
    }
  } catch (error) {
    if (!signal.aborted) throw error
  }
}
