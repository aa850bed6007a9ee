// Helpers of the benchmarks that need neither the cluster nor the workspace packages: a free
// port, timing and statistics, tables, options and the log (lib.ts re-exports them).
import { createServer, type AddressInfo } from 'node:net'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port
      server.close(() => resolve(port))
    })
  })
}

// --- timing and statistics ---------------------------------------------------------------------------

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const value = await fn()
  return [performance.now() - t0, value]
}

/** Nearest-rank percentile of a sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1] as number
}

export const median = (values: readonly number[]) => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length

export interface Summary {
  median: number
  p95: number
  mean: number
  min: number
  max: number
  n: number
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: round(median(values)),
    p95: round(percentile(values, 95)),
    mean: round(mean(values)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    n: values.length,
  }
}

export const round = (x: number, digits = 1) =>
  Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x

// --- output ----------------------------------------------------------------------------------------------

/** A plain text table; the first row is the header. */
export function table(title: string, rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) =>
    '| ' +
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') +
    ' |'
  const rule =
    '|' +
    widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') +
    '|'
  return [`### ${title}`, '', line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n')
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return 'n/a'
  if (Number.isInteger(n)) return String(n)
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name]
  if (!raw) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, got '${raw}'`)
  return n
}

export function log(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`)
}

/** The load every autocannon run of a benchmark uses: BENCH_CONNECTIONS and BENCH_DURATION (s). */
export function loadOptions(defaultSeconds = 10): { connections: number; seconds: number } {
  return {
    connections: envInt('BENCH_CONNECTIONS', 10),
    seconds: envInt('BENCH_DURATION', defaultSeconds),
  }
}

export interface TargetRow {
  target: string
  measured: string
  met: boolean | null
}

/** A row builder for a benchmark's targets; `met: null` (and `-`) when it did not run. */
export function targetRowsOf(
  result: unknown
): (name: string, measured: () => string, met: () => boolean) => TargetRow {
  return (name, measured, met) => ({
    target: name,
    measured: result ? measured() : '-',
    met: result ? met() : null,
  })
}
