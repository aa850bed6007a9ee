import {
  createDeployment,
  createTestNamespace,
  livePodNames,
  replicasOf,
  scaleDeployment,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { runMcpl, runMcplOnTty, startMcpl } from './testing/spawn-mcpl.ts'
import { startedOutput, timedOutStartOutput } from './testing/start-output.ts'

// The bin end to end straight against the local control plane: no manager, KUBECONFIG and
// MCPL_NAMESPACE as a person would set them, the real adapter inside the spawned process.
let access: ClusterAccess
let env: Record<string, string>

beforeAll(async () => {
  access = await createTestNamespace('cli')
  env = { KUBECONFIG: inject('kubeconfig'), MCPL_NAMESPACE: access.namespace }
  await Promise.all([
    createDeployment(access, { name: 'alpha', replicas: 1 }),
    createDeployment(access, { name: 'bravo', replicas: 0 }),
    createDeployment(access, { name: 'charlie', replicas: 0 }),
    createDeployment(access, { name: 'delta', replicas: 1 }),
    // Scheduled and running, never Ready: no reason to end the wait, so it times out.
    createDeployment(access, { name: 'never', replicas: 0, stage: 'never-ready' }),
    // Its pods cannot be scheduled: the start ends at once with the reason, as over HTTP.
    createDeployment(access, { name: 'nowhere', replicas: 0, neverReady: true }),
    createDeployment(access, { name: 'web-frontend', replicas: 1, mcp: false }),
  ])
})

const mcpl = (args: string[]) => runMcpl(args, { env, timeoutMs: 90_000 })

describe('mcpl straight to the local control plane', () => {
  it('list --output json gives every MCP server with its status, and leaves the others out', async () => {
    const run = await mcpl(['list', '--output', 'json'])
    expect(run.code).toBe(0)
    const { servers } = JSON.parse(run.stdout) as { servers: { name: string; status: string }[] }
    expect(Object.fromEntries(servers.map((s) => [s.name, s.status]))).toEqual({
      alpha: 'running',
      bravo: 'stopped',
      charlie: 'stopped',
      delta: 'running',
      never: 'stopped',
      nowhere: 'stopped',
    })
  })

  it('list prints the table for people', async () => {
    const run = await mcpl(['list'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^NAME +STATUS +READY +ENDPOINTS\n/)
    expect(run.stdout).toMatch(/^alpha +running +1\/1 +<none>$/m)
    expect(run.stdout).not.toContain('web-frontend')
  })

  it('start waits until the pod is ready', async () => {
    const run = await mcpl(['start', 'bravo', '--timeout', '60', '-o', 'json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject(startedOutput('bravo'))
    expect(await replicasOf(access, 'bravo')).toBe(1)
  })

  it('scale --wait answers once every replica is ready', async () => {
    const run = await mcpl(['scale', 'bravo', '2', '--wait', '--timeout', '60'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^bravo +running +2\/2 +<none>$/m)
    expect(await replicasOf(access, 'bravo')).toBe(2)
  })

  it('stop --force scales to 0 and leaves no pod behind', async () => {
    const run = await mcpl(['stop', 'bravo', '--force', '--output', 'json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'bravo', status: 'stopped', replicas: 0 })
    expect(await replicasOf(access, 'bravo')).toBe(0)
    expect(await livePodNames(access, 'bravo')).toEqual([])
  })

  it('status of a Deployment without the MCP label, or of no Deployment, exits 4', async () => {
    const web = await mcpl(['status', 'web-frontend'])
    expect(web.code).toBe(4)
    expect(web.stderr).toContain("No MCP server named 'web-frontend'")
    expect((await mcpl(['status', 'missing', '-o', 'json'])).code).toBe(4)
    expect(await replicasOf(access, 'web-frontend')).toBe(1)
  })

  it('start exits 3 with the last seen status when the pod never becomes ready', async () => {
    const run = await mcpl(['start', 'never', '--timeout', '2', '--output', 'json'])
    expect(run.code).toBe(3)
    expect(JSON.parse(run.stdout)).toMatchObject(timedOutStartOutput('never'))
  })

  it('start fails fast with why the pods cannot start, as POST /start does', async () => {
    const run = await mcpl(['start', 'nowhere', '--timeout', '60', '--output', 'json'])
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 503,
      title: 'MCP server cannot start',
      reason: 'Unschedulable',
    })
  })

  it('refuses a bad count with exit 2 and changes nothing', async () => {
    const run = await mcpl(['scale', 'alpha', '-o', 'json', '1.5'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 400, errors: [{ field: 'replicas' }] })
    expect(await replicasOf(access, 'alpha')).toBe(1)
  })

  it('watch prints the table again when a server changes, and exits 0 on Ctrl-C', async () => {
    const watch = startMcpl(['watch'], { env, timeoutMs: 90_000 })
    try {
      await watch.waitForOutput(/^delta +running +1\/1/m, 30_000)
      await scaleDeployment(access, 'delta', 2)
      await watch.waitForOutput(/^delta +running +2\/2/m, 60_000)
    } finally {
      watch.child.kill('SIGINT')
    }
    const run = await watch.exited
    expect(run.code).toBe(0)
    // Not a terminal: one table per change, none redrawn over.
    expect(run.stdout.match(/^NAME +STATUS/gm)?.length).toBeGreaterThanOrEqual(2)
    expect(run.stdout).not.toContain('\x1b[')
  })

  it('shows a live ready/desired line on a pseudo-terminal while start waits', async () => {
    const run = await runMcplOnTty(['start', 'charlie', '--timeout', '60'], {
      env,
      timeoutMs: 90_000,
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/waiting for charlie: [01]\/1 ready, \d+s/)
    expect(run.stdout).toMatch(/charlie +\x1b\[32mrunning\x1b\[39m +1\/1/)
    expect(await replicasOf(access, 'charlie')).toBe(1)
  })
})
