// Processes the benchmarks start as shipped (a bundle, or what runs one) on a free loopback port,
// every API request they send tagged with a user agent (tag-user-agent.mjs) so that the audit log
// attributes it, and their resident memory read from /proc.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { freePort, sleep } from './stats.ts'

const TAG = new URL('./tag-user-agent.mjs', import.meta.url).pathname

export interface Proc {
  pid: number
  url: string
  /** VmRSS and VmHWM (peak resident) of the process, in MB. */
  memory(): { rssMb: number; peakMb: number }
  stop(): Promise<void>
}

/**
 * Runs `node <entry> [...args]` (a source file, a bundle, or what runs one) on a free loopback
 * port without authentication (unless `env` sets MCPL_AUTH), every API request tagged with `userAgent`; resolves once /healthz
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
      MCPL_AUTH: 'none',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
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
    memory: () => processMemory(pid),
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

/** VmRSS and VmHWM (peak resident) of process `pid`, in MB, from /proc. */
export function processMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

/** CPU time (user + system) process `pid` used so far, in ms, from /proc (clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  // The fields after the command name, which may hold spaces: utime and stime are 14 and 15.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
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
