import { spawn } from 'node:child_process'
import type { ExpectStatic } from 'vitest'

/** A bundle's process, started and listening. */
export interface Started {
  port: number
  /** Its exit code, once its output is read to the end. */
  exited: Promise<number | null>
  stop: () => void
  output: () => string
}

/**
 * Runs `node <args>` in `cwd` with only `env` (nothing inherited) and waits for the JSON log
 * line that says it listens and on which port. Shared by the bundle tests of the functions and
 * of the manager.
 */
export function startUntilListening(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  what: string
): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`
  // 'close', not 'exit': by then its output is read to the end (the tests read the last lines).
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => resolve(code))
  )
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${what}: no "listening" log line within 15 s\n${output()}`))
    }, 15_000)
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      for (const line of stdout.split('\n')) {
        let record: { port?: unknown; msg?: unknown }
        try {
          record = JSON.parse(line)
        } catch {
          continue
        }
        if (typeof record.port === 'number' && /listening/.test(String(record.msg))) {
          clearTimeout(timer)
          resolve({ port: record.port, exited, stop: () => child.kill('SIGTERM'), output })
          return
        }
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`${what}: exited with ${code} before listening\n${output()}`))
    })
  })
}

/** Stops `started` with SIGTERM and expects it to exit 0; gives all it printed. */
export async function stopCleanly(started: Started, expect: ExpectStatic): Promise<string> {
  started.stop()
  expect(await started.exited, started.output()).toBe(0)
  return started.output()
}
