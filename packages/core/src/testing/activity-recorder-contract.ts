import { describe, expect, it } from 'vitest'
import type { ActivityRecorder } from '../activity-recorder.ts'
import type { ContractServerSeed } from './backend-contract.ts'
import type { ContractRun } from './contract-run.ts'

/** The contract's back door: makes servers and reads what was stored, directly. */
export interface ActivityRecorderCluster {
  createServer(seed: ContractServerSeed): Promise<void>
  /** The `mcp-lifecycle/last-activity` annotation as stored, if any. */
  lastActivity(name: string): Promise<string | undefined>
  /**
   * Changes whenever what runs does: the replicas and the pod template. (Not the generation:
   * Kubernetes moves a Deployment's generation on an annotation change too.)
   */
  specVersion(name: string): Promise<string>
}

export interface ActivityRecorderContractOptions extends Omit<
  ContractRun<ActivityRecorderCluster>,
  'waitSeconds'
> {
  /** A new instance each call, over the same servers. */
  recorder: () => ActivityRecorder
}

/** What every ActivityRecorder must do: run against the memory one and the Kubernetes one. */
export function runActivityRecorderContract(
  name: string,
  options: ActivityRecorderContractOptions
) {
  describe(`ActivityRecorder contract: ${name}`, () => {
    const server = (suffix: string) => `${options.prefix}-activity-${suffix}`

    it('records the time as the last activity, to the second, leaving replicas and pods as they were', async () => {
      const cluster = options.cluster()
      await cluster.createServer({ name: server('once'), replicas: 0 })
      const before = await cluster.specVersion(server('once'))
      await options.recorder().recordActivity(server('once'), new Date('2026-12-07T10:11:12.345Z'))
      expect(await cluster.lastActivity(server('once'))).toBe('2026-12-07T10:11:12Z')
      expect(await cluster.specVersion(server('once'))).toBe(before)
    })

    it('replaces an earlier record with a later one', async () => {
      const cluster = options.cluster()
      await cluster.createServer({ name: server('twice'), replicas: 0 })
      await options.recorder().recordActivity(server('twice'), new Date('2026-12-07T10:00:00Z'))
      await options.recorder().recordActivity(server('twice'), new Date('2026-12-07T11:00:00Z'))
      expect(await cluster.lastActivity(server('twice'))).toBe('2026-12-07T11:00:00Z')
    })

    it('throws not-found for an unknown server', async () => {
      await expect(
        options.recorder().recordActivity(server('missing'), new Date())
      ).rejects.toMatchObject({ kind: 'not-found' })
    })

    it('throws not-found for a Deployment that is not an MCP server, and leaves it as it was', async () => {
      const cluster = options.cluster()
      await cluster.createServer({ name: server('plain'), replicas: 0, mcp: false })
      await expect(
        options.recorder().recordActivity(server('plain'), new Date())
      ).rejects.toMatchObject({ kind: 'not-found' })
      expect(await cluster.lastActivity(server('plain'))).toBeUndefined()
    })

    it('records nothing when its signal has aborted', async () => {
      const cluster = options.cluster()
      await cluster.createServer({ name: server('aborted'), replicas: 0 })
      const signal = AbortSignal.abort()
      await expect(
        options.recorder().recordActivity(server('aborted'), new Date(), signal)
      ).rejects.toBeDefined()
      expect(await cluster.lastActivity(server('aborted'))).toBeUndefined()
    })
  })
}
