// Runs the real bin as a separate process, the way a person or a script does: `node main.ts`,
// TypeScript stripped by Node, nothing built. Every process is bounded by a timeout.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const MCPL_MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))

export interface McplRun {
  /** The exit code; null when a signal (the timeout's SIGKILL) ended the process. */
  code: number | null
  stdout: string
  stderr: string
}

export interface McplOptions {
  /** The whole environment of the process, besides PATH: nothing leaks in from the test's. */
  env?: Record<string, string>
  timeoutMs?: number
}

function environment(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }
}

/** A running process, its output so far, and ways to wait for it. */
export interface McplProcess {
  child: ChildProcess
  output(): McplRun
  /** Resolves once stdout matches, rejects after the timeout with the output so far. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>
  exited: Promise<McplRun>
}

function track(child: ChildProcess): McplProcess {
  const run: McplRun = { code: null, stdout: '', stderr: '' }
  const listeners = new Set<() => void>()
  child.stdout?.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString()
    for (const listener of listeners) listener()
  })
  child.stderr?.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()))
  const exited = new Promise<McplRun>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ ...run, code }))
  })
  return {
    child,
    output: () => ({ ...run }),
    exited,
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(run.stdout)) return
          cleanup()
          resolve()
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(
            new Error(
              `no ${pattern} within ${timeoutMs} ms; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`
            )
          )
        }, timeoutMs)
        const cleanup = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      })
    },
  }
}

/** Starts `mcpl ARGS` with pipes for stdout and stderr (not a terminal). */
export function startMcpl(args: string[], options: McplOptions = {}): McplProcess {
  const child = spawn(process.execPath, [MCPL_MAIN, ...args], {
    env: environment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 60_000,
  })
  return track(child)
}

/** Runs `mcpl ARGS` to its end. */
export function runMcpl(args: string[], options: McplOptions = {}): Promise<McplRun> {
  return startMcpl(args, options).exited
}

/**
 * Runs `mcpl ARGS` on a pseudo-terminal, through util-linux `script`: stdout and stderr are a
 * TTY, as for a person; both arrive in `stdout`, with `\r\n` line ends. `script -e` exits
 * with the command's exit code.
 */
export function runMcplOnTty(args: string[], options: McplOptions = {}): Promise<McplRun> {
  const command = [process.execPath, MCPL_MAIN, ...args].map(shellQuote).join(' ')
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: environment({ SHELL: '/bin/sh', TERM: 'xterm-256color', ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 60_000,
  })
  return track(child).exited
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}
