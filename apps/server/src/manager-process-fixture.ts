// Shared by the cluster tests that run the real manager process (main.ts) over the local
// control plane: started with PORT=0, its address read from its first log line.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'

const main = fileURLToPath(new URL('./main.ts', import.meta.url))

export interface ManagerProcess {
  /** http://127.0.0.1:<port> */
  base: string
  /** Everything the process wrote so far (its log lines). */
  output: string[]
  kill(): void
}

/** A tokens file (the format the runtime reads) holding `tokens`. */
export function writeTokensFile(tokens: Record<string, unknown>[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mcpl-tokens-')), 'tokens.json')
  writeFileSync(file, JSON.stringify({ tokens }))
  return file
}

export interface SpawnedManager {
  proc: ChildProcess
  /** Everything the process wrote so far (its log lines). */
  output: string[]
  /** The port it listens on, from its first log line; rejects when it exits first. */
  listening: Promise<number>
}

/** `node <entry>` on the local control plane, listening on 127.0.0.1 (PORT from `env`). */
export function spawnManager(env: Record<string, string>, entry = main): SpawnedManager {
  const output: string[] = []
  const proc = spawn(process.execPath, [entry], {
    env: { ...process.env, KUBECONFIG: inject('kubeconfig'), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  proc.stdout!.on('data', (d) => output.push(String(d)))
  proc.stderr!.on('data', (d) => output.push(String(d)))
  const listening = new Promise<number>((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      const port = /"port":(\d+)/.exec(String(d))?.[1]
      if (port) resolve(Number(port))
    })
    proc.once('exit', (code, signal) =>
      reject(new Error(`exited ${code ?? signal}: ${output.join('')}`))
    )
  })
  listening.catch(() => {}) // a test that expects the exit does not await it
  return { proc, output, listening }
}

export async function startManagerProcess(env: Record<string, string>): Promise<ManagerProcess> {
  const { proc, output, listening } = spawnManager({ PORT: '0', ...env })
  const port = await listening
  return { base: `http://127.0.0.1:${port}`, output, kill: () => proc.kill('SIGKILL') }
}
