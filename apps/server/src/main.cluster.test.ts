import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createTestNamespace, createDeployment } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnManager } from './manager-process-fixture.ts'

// The real process: configuration, logs on stdout, and a graceful SIGTERM during a wait.
let access: ClusterAccess
let child: ChildProcess | undefined

beforeAll(async () => {
  access = await createTestNamespace('main')
  // Scheduled and running, never Ready: a wait that lasts (an unschedulable pod would end it).
  await createDeployment(access, { name: 'sleepy', replicas: 0, stage: 'never-ready' })
})
afterAll(() => child?.kill('SIGKILL'))

const startServer = (env: Record<string, string>) =>
  spawnManager({ MCPL_NAMESPACE: access.namespace, ...env })

/** The server's `mcpl_waits_in_progress` gauge, read from its /metrics. */
async function waitsInProgress(url: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const value = /^mcpl_waits_in_progress (\S+)$/m.exec(text)?.[1]
  return value === undefined ? undefined : Number(value)
}

describe('the server process', () => {
  it('refuses a bad configuration at start-up, naming the variable', async () => {
    const { proc, output } = startServer({ PORT: '0', MCPL_MAX_REPLICAS: 'lots' })
    const [code] = await once(proc, 'exit')
    expect(code).toBe(1)
    expect(output.join('')).toContain('MCPL_MAX_REPLICAS')
  })

  it('on SIGTERM stops accepting, ends a wait in progress with 503, and exits 0', async () => {
    const server = startServer({ PORT: '0', MCPL_SHUTDOWN_GRACE_SECONDS: '1', MCPL_AUTH: 'none' })
    child = server.proc
    const port = await server.listening
    const url = `http://127.0.0.1:${port}`
    const waiting = fetch(`${url}/servers/sleepy/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ wait_ready: true, timeout: 120 }),
    })
    // Signal only once the wait is in progress, as the server's own gauge reports it.
    await expect.poll(() => waitsInProgress(url), { timeout: 30_000, interval: 100 }).toBe(1)
    const exited = once(server.proc, 'exit')
    server.proc.kill('SIGTERM')
    const answer = await waiting
    expect(answer.status).toBe(503)
    expect(await answer.json()).toMatchObject({ detail: expect.stringContaining('shutting down') })
    const [code] = await exited
    expect(code).toBe(0)
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
    const logs = server.output
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
    expect(logs.map((l) => JSON.parse(l).msg)).toEqual(
      expect.arrayContaining(['shutting down', 'stopped'])
    )
  })

  it("counts the activator's and reaper's Kubernetes calls in the request metric", async () => {
    const server = startServer({
      PORT: '0',
      MCPL_AUTH: 'none',
      MCPL_SHUTDOWN_GRACE_SECONDS: '1',
      MCPL_REAPER_INTERVAL_SECONDS: '1',
    })
    try {
      const url = `http://127.0.0.1:${await server.listening}`
      // The reaper's Lease is created (POST) and renewed (PUT): no other part of a quiet
      // manager sends either, so they show only when the reaper's calls are metered.
      const leaseCalls = async () => {
        const text = await (await fetch(`${url}/metrics`)).text()
        return /^mcpl_kubernetes_requests_total\{verb="(post|put)",outcome="20\d"\} [1-9]/m.test(
          text
        )
      }
      await expect.poll(leaseCalls, { timeout: 30_000, interval: 200 }).toBe(true)
    } finally {
      server.proc.kill('SIGKILL')
    }
  })
})
