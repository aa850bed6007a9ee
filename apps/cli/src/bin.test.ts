import type { ServerType } from '@hono/node-server'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findOldNode } from '@mcp-lifecycle/runtime/testing'
import { runMcpl } from './testing/spawn-mcpl.ts'
import { serveMemoryManager } from './testing/serve-memory-manager.ts'

// The bin as a new user starts it: the README's lines pasted into a shell at the repository
// root whose first `node` is the machine's own, which may be too old to run TypeScript (20).
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BIN = join(ROOT, 'apps/cli/bin/mcpl.mjs')

/** The machine's Node when it cannot run TypeScript itself: the case the bin must handle. */
const oldNode = findOldNode()
const userNode = oldNode ?? process.execPath
/** The user's environment: their Node first on PATH, their home (and so the toolchain cache). */
const userEnv = {
  PATH: `${dirname(userNode)}:${process.env.PATH}`,
  HOME: process.env.HOME ?? tmpdir(),
  ...(process.env.MCPL_CACHE && { MCPL_CACHE: process.env.MCPL_CACHE }),
}

let backend: MemoryBackend
let server: ServerType
let url: string
let emptyDir: string

beforeAll(async () => {
  emptyDir = mkdtempSync(join(tmpdir(), 'mcpl-bin-'))
  backend = new MemoryBackend([
    { name: 'weather', replicas: 1 },
    { name: 'hang', replicas: 0, neverReady: true },
    { name: 'stuck', replicas: 0, neverReady: true },
    { name: 'stalled', replicas: 0, neverReady: true },
  ])
  ;({ server, url } = await serveMemoryManager(backend, { maxTimeoutSeconds: 120 }))
})

afterAll(async () => {
  rmSync(emptyDir, { recursive: true, force: true })
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

interface RunOptions {
  env?: Record<string, string>
  /** Once stdout or stderr matches the pattern, the text is typed on stdin. */
  whenReady?: [RegExp, string]
}

/** Runs `command` from the repository root, as the user, to its end. */
function run(command: string, args: string[], options: RunOptions = {}) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: options.env ?? userEnv,
    stdio: [options.whenReady ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  })
  const out = { stdout: '', stderr: '' }
  let typed = false
  const onOutput = () => {
    if (typed || !options.whenReady?.[0].test(out.stdout + out.stderr)) return
    typed = true
    child.stdin?.write(options.whenReady[1])
  }
  child.stdout?.on('data', (chunk: Buffer) => ((out.stdout += chunk.toString()), onOutput()))
  child.stderr?.on('data', (chunk: Buffer) => ((out.stderr += chunk.toString()), onOutput()))
  const exited = new Promise<Run>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, ...out }))
  })
  return { child, exited }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

/** A line of the README that starts with `start`, its trailing comment removed. */
function readmeLine(start: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const line = readme.split('\n').find((l) => l.startsWith(start))
  if (!line) throw new Error(`README.md has no line starting with ${start}`)
  return line.replace(/\s+#.*$/, '')
}

describe(`the mcpl bin, started by Node ${oldNode ? 'without type stripping' : process.version}`, () => {
  it('runs the README line `MCPL_TOKEN=$TOKEN npx mcpl --url ... list` as printed', async () => {
    const line = readmeLine('MCPL_TOKEN=$TOKEN npx mcpl --url http://127.0.0.1:8080 list')
    const shell = line.replace('http://127.0.0.1:8080', url)
    const result = await run('bash', ['-c', shell], {
      env: { ...userEnv, TOKEN: 'a-token-of-the-user' },
    }).exited
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^weather +running +1\/1 /m)
  })

  it('passes the exit code through: 4 for an unknown server', async () => {
    const result = await run(userNode, [BIN, '--url', url, 'status', 'nosuch']).exited
    expect(result.code).toBe(4)
    expect(result.stderr).toMatch(/^error: .*nosuch/)
  })

  it('passes SIGINT on to a wait, which stops it (exit 130), and dies of SIGTERM as mcpl does', async () => {
    const interrupted = run(userNode, [BIN, '--url', url, 'start', 'hang', '--timeout', '100'])
    await expect.poll(() => backend.peek('hang')?.desiredReplicas, { timeout: 20_000 }).toBe(1)
    interrupted.child.kill('SIGINT')
    const first = await interrupted.exited
    expect(first.code).toBe(130)
    expect(first.stderr).toContain('interrupted')

    const terminated = run(userNode, [BIN, '--url', url, 'start', 'stalled', '--timeout', '100'])
    await expect.poll(() => backend.peek('stalled')?.desiredReplicas, { timeout: 20_000 }).toBe(1)
    terminated.child.kill('SIGTERM')
    expect(await terminated.exited).toMatchObject({ code: null, signal: 'SIGTERM' })
  })

  // Ctrl-C on a terminal reaches every process of the foreground group, the bin's child too: a
  // relayed copy would be a second Ctrl-C, which may kill mcpl by SIGINT instead of exit 130.
  it('lets Ctrl-C on a terminal stop a wait once, cleanly', async () => {
    const bin = [userNode, BIN, '--url', url, 'start', 'stuck', '--timeout', '100']
    // A parent that survives Ctrl-C and reports how the bin ended: exit code 130, or a signal.
    const reporter =
      "process.on('SIGINT', () => {}); const r = require('node:child_process')" +
      ".spawnSync(process.argv[1], process.argv.slice(2), { stdio: 'inherit' });" +
      'console.log(`ended by ${r.status ?? r.signal}`)'
    const command = [process.execPath, '-e', reporter, ...bin].map(shellQuote).join(' ')
    const result = await run('script', ['-qfec', command, '/dev/null'], {
      env: { ...userEnv, SHELL: '/bin/sh', TERM: 'xterm-256color' },
      whenReady: [/waiting for stuck/, '\x03'], // Ctrl-C
    }).exited
    expect(result.stdout).toContain('interrupted; a server being started')
    expect(result.stdout).toContain('\r\x1b[2K') // the progress line was erased
    expect(result.stdout).toContain('ended by 130')
  })

  it.skipIf(!oldNode)(
    'says in one line what to run when no Node that runs TypeScript is installed',
    async () => {
      const result = await run(oldNode!, [BIN, 'list'], {
        env: { PATH: userEnv.PATH, HOME: emptyDir, MCPL_CACHE: emptyDir },
      }).exited
      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          /^mcpl: Node v\d+\.\d+\.\d+ cannot run TypeScript.* run `npm test` or `npm run dev` once .* or use Node\.js >= 22\.18\.$/
        ),
      ])
    }
  )
})

describe('mcpl straight to the cluster', () => {
  it('says that no kubeconfig was found, where it looked and how to get one', async () => {
    const result = await runMcpl(['list'], { env: { HOME: emptyDir } })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `error: no kubeconfig found: looked at KUBECONFIG (not set), ${emptyDir}/.kube/config ` +
        '(no such file) and in-cluster (not a pod with a ServiceAccount). Point KUBECONFIG at a ' +
        'kubeconfig, or start the local cluster: eval "$(npm run --silent cluster:up)"\n'
    )
  })

  it("says so as well for the README's `npx mcpl list`, with a KUBECONFIG that names no file", async () => {
    const missing = join(emptyDir, 'kubeconfig')
    const result = await run('bash', ['-c', 'npx mcpl list'], {
      env: { ...userEnv, KUBECONFIG: missing },
    }).exited
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `error: no kubeconfig found: looked at KUBECONFIG (${missing}: no such file) and in-cluster`
    )
  })
})
