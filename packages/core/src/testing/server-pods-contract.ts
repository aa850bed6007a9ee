import { describe, expect, it } from 'vitest'
import type { PodSnapshot } from '../pod-snapshot.ts'
import type { ServerPods } from '../server-pods.ts'
import type { ContractServerSeed } from './backend-contract.ts'
import type { ContractRun } from './contract-run.ts'

/** The contract's back door: makes servers and their pods, and reads them directly. */
export interface ServerPodsCluster {
  /** A server with `replicas` pods, all Ready, once it resolves (`mcp: false`: not a server). */
  createServer(seed: ContractServerSeed): Promise<void>
  /** Changes how many pods the server runs (they become Ready, or go, in their own time). */
  scale(name: string, replicas: number): Promise<void>
  /** The names of the server's pods that are not going away, read directly. */
  livePodNames(name: string): Promise<string[]>
}

export interface ServerPodsContractOptions extends ContractRun<ServerPodsCluster> {
  pods: () => ServerPods
}

/** What every ServerPods must do: run against the memory one and the Kubernetes one. */
export function runServerPodsContract(name: string, options: ServerPodsContractOptions) {
  describe(`ServerPods contract: ${name}`, () => {
    const server = (suffix: string) => `${options.prefix}-pods-${suffix}`

    /** Follows a server's pods; `until(done)` reads on until `done` holds for a yield. */
    function follow(name: string) {
      const controller = new AbortController()
      const deadline = setTimeout(
        () => controller.abort(new Error(`no awaited pods of ${name} in time`)),
        options.waitSeconds * 1000
      )
      const pods = options.pods().watchPods(name, controller.signal)[Symbol.asyncIterator]()
      return {
        async until(done: (pods: PodSnapshot[]) => boolean): Promise<PodSnapshot[]> {
          for (;;) {
            const next = await pods.next()
            if (next.done) throw new Error(`the watch of ${name} ended`)
            if (done(next.value)) return next.value
          }
        },
        stop() {
          clearTimeout(deadline)
          controller.abort()
        },
      }
    }

    async function firstSight(name: string): Promise<PodSnapshot[]> {
      const pods = follow(name)
      try {
        return await pods.until(() => true)
      } finally {
        pods.stop()
      }
    }

    const live = (pods: PodSnapshot[]) => pods.filter((pod) => !pod.terminating)

    it('yields the pods of the server at once, each Ready, and none of another server', async () => {
      const cluster = options.cluster()
      await cluster.createServer({ name: server('two'), replicas: 2 })
      await cluster.createServer({ name: server('other'), replicas: 1 })
      const first = await firstSight(server('two'))
      expect(first.map((pod) => pod.name).sort()).toEqual(
        (await cluster.livePodNames(server('two'))).sort()
      )
      expect(first).toHaveLength(2)
      expect(first.every((pod) => pod.ready && pod.uid !== '')).toBe(true)
    })

    it('yields them again after every change: scaled to zero, then to one', async () => {
      const cluster = options.cluster()
      await cluster.createServer({ name: server('scaled'), replicas: 1 })
      const pods = follow(server('scaled'))
      try {
        expect(live(await pods.until(() => true)).filter((pod) => pod.ready)).toHaveLength(1)
        await cluster.scale(server('scaled'), 0)
        await pods.until((seen) => live(seen).length === 0)
        await cluster.scale(server('scaled'), 1)
        await pods.until((seen) => live(seen).some((pod) => pod.ready))
      } finally {
        pods.stop()
      }
    })

    it.each([
      ['an unknown server', undefined],
      ['a Deployment that is not an MCP server', false],
    ])('throws not-found for %s', async (_, mcp) => {
      const name = server(mcp === false ? 'plain' : 'missing')
      if (mcp === false) await options.cluster().createServer({ name, replicas: 0, mcp })
      await expect(firstSight(name)).rejects.toMatchObject({ kind: 'not-found' })
    })

    it('stops when its signal aborts', async () => {
      await options.cluster().createServer({ name: server('stop'), replicas: 1 })
      const controller = new AbortController()
      const following = (async () => {
        for await (const _ of options.pods().watchPods(server('stop'), controller.signal))
          controller.abort()
      })()
      await following.catch(() => undefined)
      expect(controller.signal.aborted).toBe(true)
    })
  })
}
