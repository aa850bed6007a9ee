import type { ServerType } from '@hono/node-server'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { execFileSync } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runMcpl, runMcplOnTty, startMcpl } from './testing/spawn-mcpl.ts'
import { startedOutput, timedOutStartOutput } from './testing/start-output.ts'
import { serveMemoryManager } from './testing/serve-memory-manager.ts'

// The bin end to end against a manager: the real server app over a memory backend, served on
// a loopback port in this process; mcpl runs as a separate process with --url.
let backend: MemoryBackend
let server: ServerType
let url: string
const requests: { path: string; authorization: string | null }[] = []

beforeAll(async () => {
  backend = new MemoryBackend([
    { name: 'weather', replicas: 1 },
    { name: 'search', replicas: 0 },
    { name: 'files', replicas: 2 },
    { name: 'dry', replicas: 1 },
    { name: 'watched', replicas: 1 },
    { name: 'stuck', replicas: 0, neverReady: true },
    { name: 'slow', replicas: 0, neverReady: true },
    { name: 'hang', replicas: 0, neverReady: true },
    { name: 'web', replicas: 1, mcp: false },
  ])
  ;({ server, url } = await serveMemoryManager(backend, {
    maxTimeoutSeconds: 60,
    onRequest: (request) =>
      void requests.push({
        path: new URL(request.url).pathname,
        authorization: request.headers.get('authorization'),
      }),
  }))
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const mcpl = (args: string[], env: Record<string, string> = {}) =>
  runMcpl(['--url', url, ...args], { env, timeoutMs: 30_000 })

/** A port nothing listens on: one the system just handed out and got back. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe('mcpl against a manager over HTTP', () => {
  it('list --output json prints exactly what GET /servers answers', async () => {
    const run = await mcpl(['list', '--output', 'json'])
    expect(run.code).toBe(0)
    const api = await (await fetch(`${url}/servers`)).json()
    expect(JSON.parse(run.stdout)).toEqual(api)
    expect(run.stdout.trim().split('\n')).toHaveLength(1)
  })

  it('list prints a table for people, without colours when stdout is not a terminal', async () => {
    const run = await mcpl(['list'])
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME +STATUS +READY +ENDPOINTS$/)
    expect(lines).toContainEqual(expect.stringMatching(/^weather +running +1\/1 +<none>$/))
    expect(lines).toContainEqual(expect.stringMatching(/^search +stopped +0\/0 +<none>$/))
    expect(run.stdout).not.toMatch(/web|\x1b/)
  })

  it('sends the token of MCPL_TOKEN, or of --token, as a bearer token', async () => {
    requests.length = 0
    await mcpl(['list'], { MCPL_TOKEN: 'from-env' })
    await mcpl(['--token', 'from-flag', 'list'], { MCPL_TOKEN: 'from-env' })
    expect(requests.map((r) => r.authorization)).toEqual(['Bearer from-env', 'Bearer from-flag'])
  })

  it('reads the URL from MCPL_URL', async () => {
    const run = await runMcpl(['status', 'weather', '-o', 'json'], { env: { MCPL_URL: url } })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'weather', status: 'running' })
  })

  it('status of an unknown server, or of a Deployment that is not an MCP server, exits 4', async () => {
    const missing = await mcpl(['status', 'missing'])
    expect(missing.code).toBe(4)
    expect(missing.stderr).toMatch(/^error: .*missing/)
    expect(missing.stdout).toBe('')
    const web = await mcpl(['status', 'web', '--output', 'json'])
    expect(web.code).toBe(4)
    expect(JSON.parse(web.stdout)).toMatchObject({
      status: 404,
      type: 'https://mcp-lifecycle.dev/problems/not-found',
    })
  })

  it('scale with a count that is not a number exits 2 naming the field, before any request', async () => {
    requests.length = 0
    const run = await mcpl(['scale', 'weather', 'abc'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('replicas: must be a number')
    expect(requests).toEqual([])
  })

  it("scale beyond the manager's own limit exits 2 with the manager's message", async () => {
    const run = await mcpl(['scale', 'weather', '11', '-o', 'json'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 400, errors: [{ field: 'replicas' }] })
    expect(backend.peek('weather')?.desiredReplicas).toBe(1)
  })

  it.each([
    [['bogus']],
    [['list', '--bogus']],
    [['status']],
    [['list', '--output', 'yaml']],
    [['status', 'Not_A_Name']],
    [['start', 'weather', '--timeout', '0']],
    [[]],
  ])('exits 2 on bad usage: %j', async (args) => {
    const run = await mcpl(args)
    expect(run.code).toBe(2)
    expect(run.stderr).not.toBe('')
  })

  it('--help exits 0 and lists the exit codes', async () => {
    const run = await mcpl(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Exit codes:')
  })

  it('start waits until ready and prints the status object', async () => {
    const run = await mcpl(['start', 'search', '-o', 'json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject(startedOutput('search'))
    expect(run.stderr).toBe('') // no progress line: stderr is not a terminal
  })

  it('start of a server that never becomes ready exits 3 with the last seen status', async () => {
    const run = await mcpl(['start', 'stuck', '--timeout', '1', '--output', 'json'])
    expect(run.code).toBe(3)
    expect(JSON.parse(run.stdout)).toMatchObject(timedOutStartOutput('stuck'))
    expect(run.stderr).toMatch(/did not reach 1 ready replica/)
  })

  it('scale --wait and stop --force change the server and print its row', async () => {
    const up = await mcpl(['scale', 'files', '3', '--wait'])
    expect(up.code).toBe(0)
    expect(up.stdout).toMatch(/^files +running +3\/3 +<none>$/m)
    const stop = await mcpl(['stop', 'files', '--force'])
    expect(stop.code).toBe(0)
    expect(stop.stdout).toMatch(/^files +stopped +0\/0/m)
    expect(backend.peek('files')?.desiredReplicas).toBe(0)
  })

  it('--dry-run answers what it would do and changes nothing', async () => {
    const run = await mcpl(['scale', 'dry', '4', '--dry-run', '-o', 'json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ replicas: 4 })
    expect(backend.peek('dry')?.desiredReplicas).toBe(1)
  })

  it('exits 1 when the manager cannot be reached', async () => {
    const closed = await closedPort()
    const run = await runMcpl(['--url', `http://127.0.0.1:${closed}`, 'list'])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(`error: Cannot reach http://127.0.0.1:${closed}/: ECONNREFUSED\n`)
  })

  it('watch polls the list, prints each change, and exits 0 on Ctrl-C', async () => {
    const watch = startMcpl(['--url', url, 'watch', '--output', 'json'], { timeoutMs: 30_000 })
    await watch.waitForOutput(/"name":"watched","status":"running","replicas":1,/)
    await backend.scale('watched', 2)
    await watch.waitForOutput(/"name":"watched","status":"running","replicas":2,"ready_replicas":2/)
    watch.child.kill('SIGINT')
    const run = await watch.exited
    expect(run.code).toBe(0)
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { servers: unknown[] })
    expect(lines.length).toBeGreaterThanOrEqual(2)
  })

  it('Ctrl-C during a wait stops waiting and exits 130', async () => {
    const start = startMcpl(['--url', url, 'start', 'hang', '--timeout', '60'], {
      timeoutMs: 30_000,
    })
    await expect.poll(() => backend.peek('hang')?.desiredReplicas, { timeout: 10_000 }).toBe(1)
    start.child.kill('SIGINT')
    const run = await start.exited
    expect(run.code).toBe(130)
    expect(run.stderr).toContain('interrupted')
  })

  it.skipIf(!hasScript)(
    'shows an elapsed-time line on a terminal while the manager waits',
    async () => {
      const run = await runMcplOnTty(['--url', url, 'start', 'slow', '--timeout', '1'])
      expect(run.code).toBe(3)
      // Drawn as soon as the wait starts, so any elapsed time will do: `waiting for slow: 0s`.
      expect(run.stdout).toMatch(/waiting for slow: (\d+\/\d+ ready, )?(\d+m)?\d+s/)
      expect(run.stdout).toContain('\r\x1b[2K') // the line is erased at the end
    }
  )

  it.skipIf(!hasScript)('colours the status on a terminal, and never with NO_COLOR', async () => {
    const coloured = await runMcplOnTty(['--url', url, 'list'])
    expect(coloured.code).toBe(0)
    expect(coloured.stdout).toContain('\x1b[32mrunning')
    const plain = await runMcplOnTty(['--url', url, 'list'], { env: { NO_COLOR: '1' } })
    expect(plain.stdout).toMatch(/weather +running/)
    expect(plain.stdout).not.toContain('\x1b[')
  })
})
