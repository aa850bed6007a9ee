import { execFileSync, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createDeployment, createTestNamespace } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { restartApiServer } from '@mcp-lifecycle/k8s-adapter/restart-api-server'
import { connectTestClient, type TestClient, type ToolResult } from '@mcp-lifecycle/mcp/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  modifiedTime,
  MANAGER_BUILD_FILES,
  newestBundleInput,
} from '../../functions/src/image/bundle-inputs.ts'
import { startMcpl, type McplProcess } from '../../cli/src/testing/spawn-mcpl.ts'
import { spawnManager } from './manager-process-fixture.ts'

// Every entry point survives a restart of the API server while it holds watches: the dev run
// (Node 24.21's undici threw an uncaught ERR_INVALID_STATE from httpsFetch's body and the
// process died, issue 26), the manager bundle, mcpl straight to the cluster, and the stdio
// bin. The shared control plane's API server is restarted with its own command line, so its
// state and port are kept for the files that run after this one (the tier runs files serially).
const serverDir = fileURLToPath(new URL('..', import.meta.url))
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
const BUNDLE = fileURLToPath(new URL('../dist/manager.mjs', import.meta.url))
const STDIO_BIN = fileURLToPath(
  new URL('../../mcp-stdio/bin/mcp-lifecycle-mcp.mjs', import.meta.url)
)
let access: ClusterAccess
const children: ChildProcess[] = []
let client: TestClient | undefined
type Manager = Awaited<ReturnType<typeof startManager>>
const managers: Record<string, { manager: Manager; waiting: Promise<number> }> = {}
let watch: McplProcess
let stdioWaiting: Promise<ToolResult>

// One restart for all four, each holding watches through it (a restart and the controllers'
// recovery take a minute or more here).
beforeAll(async () => {
  access = await createTestNamespace('restart')
  // Scheduled, never Ready: a wait on it holds a watch open across the restart.
  await createDeployment(access, { name: 'sleepy', replicas: 0, stage: 'never-ready' })
  await createDeployment(access, { name: 'mover', replicas: 1 })
  // The bundle as `npm run build` makes it, rebuilt when a source is newer.
  const newest = newestBundleInput(MANAGER_BUILD_FILES)
  if (modifiedTime(BUNDLE) <= newest)
    execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'pipe' })
  for (const [name, entry] of [
    ['source', MAIN],
    ['bundle', BUNDLE],
  ] as const) {
    const manager = await startManager(entry)
    await until(async () => (await replicasSeenBy(manager.base)) === 1)
    // A wait in progress holds a watch of its own, besides the cache's list-watches.
    const waiting = fetch(`${manager.base}/servers/sleepy/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ wait_ready: true, timeout: 40 }),
    }).then((r) => r.status)
    waiting.catch(() => {}) // asserted in its test
    managers[name] = { manager, waiting }
  }
  watch = startMcpl(['watch', '-o', 'json'], {
    env: { KUBECONFIG: inject('kubeconfig'), MCPL_NAMESPACE: access.namespace },
    timeoutMs: 300_000,
  })
  children.push(watch.child)
  await watch.waitForOutput(/"name":"mover","status":"\w+","replicas":1/, 60_000)
  client = await connectTestClient('v1', {
    command: process.execPath,
    args: [STDIO_BIN],
    env: { KUBECONFIG: inject('kubeconfig'), MCPL_NAMESPACE: access.namespace },
  })
  const before = await client.callTool('get_mcp_status', { name: 'mover' })
  if (before.structuredContent?.replicas !== 1) throw new Error('the stdio bin did not answer')
  stdioWaiting = client.callTool('start_mcp', { name: 'sleepy', timeout: 40 })
  stdioWaiting.catch(() => {}) // asserted in its test
  await new Promise((resolve) => setTimeout(resolve, 1000))
  await restartApiServer(inject('kubeconfig'))
  await scaleMover(2)
}, 400_000)

afterAll(async () => {
  await client?.close()
  for (const child of children.splice(0)) child.kill('SIGKILL')
  await access?.core.deleteNamespace({ name: access.namespace })
})

describe.each([
  ['the manager from source, as npm run dev runs it', 'source'],
  ['the manager bundle', 'bundle'],
])('%s, across an API server restart', (_name, key) => {
  it('stays up, and its reads follow a change made after the restart', async () => {
    const { manager, waiting } = managers[key]!
    await expect
      .poll(() => replicasSeenBy(manager.base), { timeout: 60_000, interval: 500 })
      .toBe(2)
    expect(await waiting).toBe(504) // its deadline ended it, not the restart
    expect(manager.exit(), manager.output()).toBeUndefined()
  })
})

describe('mcpl straight to the cluster, across an API server restart', () => {
  it('keeps its watch running and prints a change made after the restart', async () => {
    await watch.waitForOutput(/"name":"mover"[^}]*"replicas":2/, 60_000)
    expect(watch.child.exitCode, watch.output().stderr).toBeNull()
  })
})

describe('the stdio bin, across an API server restart', () => {
  it('answers tool calls after the restart, a wait in progress having ended by its deadline', async () => {
    expect((await stdioWaiting).isError).toBe(true) // timed out, as a wait on it must
    await expect
      .poll(
        async () => (await client!.callTool('get_mcp_status', { name: 'mover' })).structuredContent,
        { timeout: 30_000, interval: 500 }
      )
      .toMatchObject({ replicas: 2 })
  })
})

/** Read and replace, again on a conflict (the controllers write the status meanwhile). */
async function scaleMover(replicas: number) {
  for (let attempt = 1; ; attempt++) {
    const d = await access.apps.readNamespacedDeployment({
      name: 'mover',
      namespace: access.namespace,
    })
    try {
      await access.apps.replaceNamespacedDeployment({
        name: 'mover',
        namespace: access.namespace,
        body: { ...d, spec: { ...d.spec!, replicas } },
      })
      return
    } catch (error) {
      if ((error as { code?: number }).code !== 409 || attempt === 5) throw error
    }
  }
}

/** Starts a manager (`node <entry>`) without authentication; resolves its base URL. */
async function startManager(entry: string) {
  const env = { MCPL_NAMESPACE: access.namespace, MCPL_AUTH: 'none', PORT: '0', MCPL_REAPER: 'off' }
  const { proc, output, listening } = spawnManager(env, entry)
  children.push(proc)
  let exit: string | undefined
  proc.once('exit', (code, signal) => (exit = `exited ${code ?? signal}`))
  const port = await listening
  return { base: `http://127.0.0.1:${port}`, exit: () => exit, output: () => output.join('') }
}

async function replicasSeenBy(base: string): Promise<number | undefined> {
  const answer = await fetch(`${base}/servers/mover`).catch(() => undefined)
  if (!answer?.ok) return undefined
  return ((await answer.json()) as { replicas: number }).replicas
}

/** Polls outside a test (set-up), bounded. */
async function until(check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
