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

export function startManagerProcess(env: Record<string, string>): Promise<ManagerProcess> {
  const output: string[] = []
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: { ...process.env, KUBECONFIG: inject('kubeconfig'), HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stderr!.on('data', (d) => output.push(String(d)))
  return new Promise<ManagerProcess>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output.push(String(d))
      const port = /"port":(\d+)/.exec(String(d))?.[1]
      if (port)
        resolve({ base: `http://127.0.0.1:${port}`, output, kill: () => child.kill('SIGKILL') })
    })
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output.join('')}`)))
  })
}
