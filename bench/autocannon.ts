// autocannon in a process of its own, so that the load generator does not share the measured
// process's event loop: its --json report, and the summary most benchmarks print of it.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const AUTOCANNON = fileURLToPath(import.meta.resolve('autocannon/autocannon.js'))

/** autocannon's --json report (requests, latency, throughput, non2xx, errors, timeouts, ...). */
export type AutocannonReport = Record<string, any>

/** What each request autocannon sends carries, when not a plain GET. */
export interface CannonRequest {
  method?: string
  headers?: Record<string, string>
  body?: string
}

/** `autocannon -c connections -d seconds --json <url>` as a process of its own; its report. */
export function autocannonReport(
  url: string,
  connections: number,
  seconds: number,
  request: CannonRequest = {}
): Promise<AutocannonReport> {
  const args = ['-c', String(connections), '-d', String(seconds), '--json']
  if (request.method) args.push('-m', request.method)
  for (const [key, value] of Object.entries(request.headers ?? {}))
    args.push('-H', `${key}=${value}`)
  if (request.body !== undefined) args.push('-b', request.body)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AUTOCANNON, ...args, url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    // Bounded: a run that hangs past its duration is killed, and reported as failed.
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 60) * 1000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code !== 0)
        return reject(new Error(`autocannon exited with ${code}: ${err.slice(0, 500)}`))
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as AutocannonReport)
      } catch {
        reject(new Error(`autocannon printed no JSON: ${out.slice(0, 300)} ${err.slice(0, 300)}`))
      }
    })
  })
}

export interface CannonResult {
  requestsPerSecond: number
  total: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

/** autocannon on `url`, summarized: requests/s, total, p50 and p99 latency, failures. */
export async function runAutocannon(
  url: string,
  connections: number,
  seconds: number,
  request: CannonRequest = {}
): Promise<CannonResult> {
  const r = await autocannonReport(url, connections, seconds, request)
  return {
    requestsPerSecond: Number(r.requests?.average ?? 0),
    total: Number(r.requests?.total ?? 0),
    p50: Number(r.latency?.p50),
    p99: Number(r.latency?.p99),
    non2xx: Number(r.non2xx ?? 0),
    errors: Number(r.errors ?? 0) + Number(r.timeouts ?? 0),
  }
}
