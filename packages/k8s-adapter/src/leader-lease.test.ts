import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { createK8sLeaderLease } from './leader-lease.ts'
import {
  API,
  mswFetch,
  NAMESPACE,
  statusJson,
  testKubeConfig,
  useMswServer,
} from './msw-fixtures.ts'

const server = useMswServer()
const leases = `${API}/apis/coordination.k8s.io/v1/namespaces/${NAMESPACE}/leases`

interface LeaseSpec {
  holderIdentity?: string
  leaseDurationSeconds?: number
  acquireTime?: string
  renewTime?: string
  leaseTransitions?: number
}

/** A fake Lease store that enforces resourceVersion like the API server. */
function leaseStore(initial?: LeaseSpec) {
  let version = 1
  let lease = initial && { metadata: { name: 'reaper', resourceVersion: '1' }, spec: initial }
  const writes: { verb: string; resourceVersion?: string; spec: LeaseSpec }[] = []
  const handlers = [
    http.get(`${leases}/reaper`, () =>
      lease
        ? HttpResponse.json(lease)
        : HttpResponse.json(statusJson(404, 'NotFound'), { status: 404 })
    ),
    http.post(leases, async ({ request }) => {
      const body = (await request.json()) as { spec: LeaseSpec }
      writes.push({ verb: 'create', spec: body.spec })
      if (lease) return HttpResponse.json(statusJson(409, 'AlreadyExists'), { status: 409 })
      lease = { metadata: { name: 'reaper', resourceVersion: String(++version) }, spec: body.spec }
      return HttpResponse.json(lease, { status: 201 })
    }),
    http.put(`${leases}/reaper`, async ({ request }) => {
      const body = (await request.json()) as {
        metadata: { resourceVersion?: string }
        spec: LeaseSpec
      }
      writes.push({
        verb: 'replace',
        resourceVersion: body.metadata.resourceVersion,
        spec: body.spec,
      })
      if (body.metadata.resourceVersion !== lease?.metadata.resourceVersion) {
        return HttpResponse.json(statusJson(409, 'Conflict'), { status: 409 })
      }
      lease = { metadata: { name: 'reaper', resourceVersion: String(++version) }, spec: body.spec }
      return HttpResponse.json(lease)
    }),
  ]
  return {
    handlers,
    writes,
    /** Another process changes the Lease behind our back. */
    touch: (spec: LeaseSpec) => {
      lease = { metadata: { name: 'reaper', resourceVersion: String(++version) }, spec }
    },
  }
}

function contender(identity: string, clock: { now: number }) {
  return createK8sLeaderLease({
    name: 'reaper',
    identity,
    durationSeconds: 15,
    now: () => clock.now,
    kubeConfig: testKubeConfig(),
    namespace: NAMESPACE,
    fetch: mswFetch,
  })
}

const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/

describe('the leader lease', () => {
  it('creates the Lease when there is none and holds it, with MicroTime times', async () => {
    const store = leaseStore()
    server.use(...store.handlers)
    const clock = { now: Date.parse('2026-12-01T12:00:00Z') }
    await expect(contender('a', clock).acquireOrRenew()).resolves.toBe(true)
    expect(store.writes[0]).toMatchObject({
      verb: 'create',
      spec: { holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 1 },
    })
    expect(store.writes[0]?.spec.renewTime).toMatch(MICRO)
  })

  it('renews its own Lease with the resourceVersion it read', async () => {
    const store = leaseStore()
    server.use(...store.handlers)
    const clock = { now: Date.parse('2026-12-01T12:00:00Z') }
    const a = contender('a', clock)
    await a.acquireOrRenew()
    clock.now += 5000
    await expect(a.acquireOrRenew()).resolves.toBe(true)
    expect(store.writes[1]).toMatchObject({
      verb: 'replace',
      resourceVersion: '2',
      spec: { holderIdentity: 'a', leaseTransitions: 1, renewTime: '2026-12-01T12:00:05.000000Z' },
    })
  })

  it('leaves a Lease renewed by another holder alone, and takes it once renewals stop for the duration', async () => {
    const store = leaseStore({ holderIdentity: 'a', leaseDurationSeconds: 15 })
    server.use(...store.handlers)
    const clock = { now: Date.parse('2026-12-01T12:00:00Z') }
    const b = contender('b', clock)
    await expect(b.acquireOrRenew()).resolves.toBe(false)
    clock.now += 10_000
    store.touch({ holderIdentity: 'a', leaseDurationSeconds: 15 }) // a renews
    await expect(b.acquireOrRenew()).resolves.toBe(false)
    clock.now += 14_000
    await expect(b.acquireOrRenew()).resolves.toBe(false)
    expect(store.writes).toHaveLength(0)
    clock.now += 1_000 // 15 s since the last change b saw
    await expect(b.acquireOrRenew()).resolves.toBe(true)
    expect(store.writes[0]).toMatchObject({ spec: { holderIdentity: 'b', leaseTransitions: 1 } })
  })

  it('loses the race on 409: a create or replace by another contender came first', async () => {
    const store = leaseStore({ holderIdentity: '', leaseDurationSeconds: 15 })
    server.use(
      http.put(`${leases}/reaper`, () =>
        HttpResponse.json(statusJson(409, 'Conflict'), { status: 409 })
      ),
      ...store.handlers
    )
    const clock = { now: Date.now() }
    await expect(contender('b', clock).acquireOrRenew()).resolves.toBe(false)
  })

  it('gives the Lease up on release, so another contender takes it at once', async () => {
    const store = leaseStore()
    server.use(...store.handlers)
    const clock = { now: Date.now() }
    const a = contender('a', clock)
    await a.acquireOrRenew()
    await a.release()
    expect(store.writes.at(-1)).toMatchObject({ verb: 'replace', spec: { holderIdentity: '' } })
    await expect(contender('b', clock).acquireOrRenew()).resolves.toBe(true)
  })

  it('answers unavailable when the API server fails', async () => {
    server.use(
      http.get(`${leases}/reaper`, () =>
        HttpResponse.json(statusJson(500, 'InternalError'), { status: 500 })
      )
    )
    await expect(contender('a', { now: Date.now() }).acquireOrRenew()).rejects.toMatchObject({
      kind: 'unavailable',
    })
  })
})
