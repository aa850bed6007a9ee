import { describe, expect, it } from 'vitest'
import type { LifecycleBackend } from '../backend.ts'
import { LifecycleError } from '../errors.ts'
import { listServers } from '../operations/list.ts'
import { scaleServer } from '../operations/scale.ts'
import { startServer } from '../operations/start.ts'
import { getServerStatus } from '../operations/status.ts'
import { stopServer } from '../operations/stop.ts'

export interface ContractServerSeed {
  name: string
  replicas: number
  /** false: a Deployment without the MCP label. */
  mcp?: boolean
  /** Pods exist but never become ready. */
  neverReady?: boolean
}

/**
 * The contract's back door to the orchestrator: reads and writes that do not go through the
 * backend under test, so "unchanged" is checked, not assumed.
 */
export interface ContractCluster {
  /** Creates a Deployment and returns once its pods have settled (ready, or created if neverReady). */
  createServer(seed: ContractServerSeed): Promise<void>
  /** spec.replicas as stored. */
  desiredReplicas(name: string): Promise<number>
  /** Pods of the Deployment that exist and are not terminating. */
  livePods(name: string): Promise<number>
  /** Changes whenever the stored Deployment changes (resourceVersion on Kubernetes). */
  version(name: string): Promise<string>
}

export interface BackendContractOptions {
  /**
   * A backend instance over the cluster; two calls in a row give two instances, as two replicas
   * of the app have their own: state they share must live in the cluster.
   */
  backend: () => LifecycleBackend
  cluster: () => ContractCluster
  /** Prefix for the names this suite creates, unique per run. */
  prefix: string
  /** Seconds a wait may take on this orchestrator. */
  waitSeconds?: number
}

async function rejection(promise: Promise<unknown>): Promise<LifecycleError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(LifecycleError)
  return error as LifecycleError
}

/** One behaviour suite that every LifecycleBackend must pass, the memory one included. */
export function runBackendContract(options: BackendContractOptions): void {
  const waitSeconds = options.waitSeconds ?? 30
  const name = (suffix: string) => `${options.prefix}-${suffix}`
  const ctx = () => ({ backend: options.backend() })
  /** Creates server `name(suffix)` at `replicas`; gives its name and the back door to read it. */
  const seed = async (suffix: string, replicas: number) => {
    const cluster = options.cluster()
    const server = name(suffix)
    await cluster.createServer({ name: server, replicas })
    return { cluster, server }
  }

  describe('backend contract', () => {
    it('lists MCP servers and leaves out Deployments without the MCP label', async () => {
      await options.cluster().createServer({ name: name('list-a'), replicas: 1 })
      await options.cluster().createServer({ name: name('list-b'), replicas: 0 })
      await options.cluster().createServer({ name: name('list-x'), replicas: 1, mcp: false })
      const { servers } = await listServers(ctx())
      const names = servers.map((s) => s.name)
      expect(names).toContain(name('list-a'))
      expect(names).toContain(name('list-b'))
      expect(names).not.toContain(name('list-x'))
      expect(servers.find((s) => s.name === name('list-a'))?.status).toBe('running')
      expect(servers.find((s) => s.name === name('list-b'))?.status).toBe('stopped')
    })

    it('answers not-found for a Deployment without the MCP label, and changes nothing', async () => {
      const cluster = options.cluster()
      const other = name('not-mcp')
      await cluster.createServer({ name: other, replicas: 1, mcp: false })
      const before = await cluster.version(other)
      expect((await rejection(getServerStatus(ctx(), other))).kind).toBe('not-found')
      const scaleRequest = { replicas: 3, wait_ready: false, timeout: 5 }
      expect((await rejection(scaleServer(ctx(), other, scaleRequest))).kind).toBe('not-found')
      const stopRequest = { force: true }
      expect((await rejection(stopServer(ctx(), other, stopRequest))).kind).toBe('not-found')
      await expect(cluster.version(other)).resolves.toBe(before)
      await expect(cluster.livePods(other)).resolves.toBe(1)
    })

    it('answers not-found for a name that does not exist', async () => {
      expect((await rejection(getServerStatus(ctx(), name('missing')))).kind).toBe('not-found')
    })

    it('starts a stopped server and waits until it is running', async () => {
      const server = name('start')
      await options.cluster().createServer({ name: server, replicas: 0 })
      const view = await startServer(ctx(), server, { wait_ready: true, timeout: waitSeconds })
      expect(view).toMatchObject({
        name: server,
        status: 'running',
        replicas: 1,
        ready_replicas: 1,
      })
      await expect(options.cluster().desiredReplicas(server)).resolves.toBe(1)
    })

    it('leaves a running server as it is when asked to start it again', async () => {
      const { cluster, server } = await seed('start-again', 2)
      const before = await cluster.version(server)
      const view = await startServer(ctx(), server, { wait_ready: true, timeout: waitSeconds })
      expect(view).toMatchObject({ status: 'running', replicas: 2 })
      await expect(cluster.version(server)).resolves.toBe(before)
    })

    it('answers timeout with the last seen status when pods never become ready', async () => {
      const server = name('never-ready')
      await options.cluster().createServer({ name: server, replicas: 0, neverReady: true })
      const error = await rejection(startServer(ctx(), server, { wait_ready: true, timeout: 2 }))
      expect(error.kind).toBe('timeout')
      expect(error.extensions?.server).toMatchObject({
        name: server,
        replicas: 1,
        ready_replicas: 0,
      })
    })

    it('stops gracefully, and stopping again changes nothing', async () => {
      const { cluster, server } = await seed('stop', 1)
      const view = await stopServer(ctx(), server, { force: false })
      expect(view.replicas).toBe(0)
      await expect(cluster.desiredReplicas(server)).resolves.toBe(0)
      await scaleServer(ctx(), server, { replicas: 0, wait_ready: true, timeout: waitSeconds })
      const before = await cluster.version(server)
      const again = await stopServer(ctx(), server, { force: false })
      expect(again.status).toBe('stopped')
      await expect(cluster.version(server)).resolves.toBe(before)
    })

    it('stops by force: the pods are gone when it answers', async () => {
      const { cluster, server } = await seed('stop-force', 2)
      const view = await stopServer(ctx(), server, { force: true })
      expect(view.replicas).toBe(0)
      await expect(cluster.livePods(server)).resolves.toBe(0)
    })

    it('scales up and down, and scaling to the current count changes nothing', async () => {
      const { cluster, server } = await seed('scale', 1)
      const up = await scaleServer(ctx(), server, {
        replicas: 3,
        wait_ready: true,
        timeout: waitSeconds,
      })
      expect(up).toMatchObject({ status: 'running', replicas: 3, ready_replicas: 3 })
      const before = await cluster.version(server)
      await scaleServer(ctx(), server, { replicas: 3, wait_ready: false, timeout: waitSeconds })
      await expect(cluster.version(server)).resolves.toBe(before)
      const down = await scaleServer(ctx(), server, {
        replicas: 0,
        wait_ready: true,
        timeout: waitSeconds,
      })
      expect(down).toMatchObject({ status: 'stopped', replicas: 0 })
      await expect(cluster.livePods(server)).resolves.toBe(0)
    })

    it('follows every MCP server: the whole list first, then each change', async () => {
      const { server } = await seed('watch-all', 0)
      const controller = new AbortController()
      const seen: { replicas: number | undefined }[] = []
      const watching = (async () => {
        try {
          for await (const servers of options.backend().watchServers(controller.signal)) {
            expect(servers.every((s) => !s.deployment.name.endsWith('not-mcp'))).toBe(true)
            const mine = servers.find((s) => s.deployment.name === server)
            seen.push({ replicas: mine?.deployment.readyReplicas })
            if (mine?.deployment.readyReplicas === 1) controller.abort()
          }
        } catch (error) {
          if (!controller.signal.aborted) throw error
        }
      })()
      await startServer(ctx(), server, { wait_ready: false, timeout: waitSeconds })
      const deadline = setTimeout(() => controller.abort(), waitSeconds * 1000)
      await watching
      clearTimeout(deadline)
      expect(seen[0]?.replicas).toBe(0)
      expect(seen.at(-1)?.replicas).toBe(1)
    })

    it('answers a dry-run scale with the count it would set, and changes nothing', async () => {
      const { cluster, server } = await seed('dry-run', 1)
      const before = await cluster.version(server)
      const view = await scaleServer({ ...ctx(), dryRun: true }, server, {
        replicas: 4,
        wait_ready: true,
        timeout: waitSeconds,
      })
      expect(view.replicas).toBe(4)
      await expect(cluster.version(server)).resolves.toBe(before)
      await expect(cluster.desiredReplicas(server)).resolves.toBe(1)
    })
  })
}
