import { CoordinationV1Api } from '@kubernetes/client-node'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'
import { createK8sLeaderLease } from './leader-lease.ts'

// Two contenders for one Lease on the real API server: its resourceVersion checks, not ours,
// decide who wins.
let access: ClusterAccess

beforeAll(async () => {
  access = await createTestNamespace('lease')
})

const contender = (name: string, identity: string, durationSeconds = 2) =>
  createK8sLeaderLease({
    kubeConfig: access.kubeConfig,
    namespace: access.namespace,
    name,
    identity,
    durationSeconds,
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the leader lease on the local control plane', () => {
  it('gives the Lease to exactly one of two contenders racing for it', async () => {
    const results = await Promise.all(
      [contender('race', 'a'), contender('race', 'b')].map((c) => c.acquireOrRenew())
    )
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('keeps it with the holder while it renews, hands it over once renewals stop, and at once on release', async () => {
    const a = contender('handover', 'a')
    const b = contender('handover', 'b')
    expect(await a.acquireOrRenew()).toBe(true)
    expect(await b.acquireOrRenew()).toBe(false)
    for (let i = 0; i < 3; i++) {
      await sleep(1000)
      expect(await a.acquireOrRenew()).toBe(true)
      expect(await b.acquireOrRenew()).toBe(false)
    }
    // a stops renewing: b takes over after the lease duration (2 s) on its own clock.
    const stopped = Date.now()
    while (!(await b.acquireOrRenew())) await sleep(250)
    expect(Date.now() - stopped).toBeGreaterThanOrEqual(1500)
    expect(await a.acquireOrRenew()).toBe(false)
    await b.release()
    expect(await a.acquireOrRenew()).toBe(true)
    const lease = await access.kubeConfig
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: 'handover', namespace: access.namespace })
    expect(lease.spec).toMatchObject({ holderIdentity: 'a', leaseTransitions: 3 })
  })
})
