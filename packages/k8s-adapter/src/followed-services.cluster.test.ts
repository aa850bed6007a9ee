import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createServedDeployment,
  createService,
  createTestNamespace,
  type ClusterAccess,
} from './cluster-fixtures.ts'
import { createK8sAdapter } from './create-k8s-backend.ts'

// A function kept warm follows Services after its first status read: what another client
// changes afterwards still shows in the next reads, without a LIST per read.
let access: ClusterAccess
const stop = new AbortController()
/** Every GET the backend sends (a Deployment read, a Services LIST; watches are 'watch'). */
let gets = 0

beforeAll(async () => {
  access = await createTestNamespace('followed')
  await createServedDeployment(access, { name: 'weather', replicas: 0 })
})
afterAll(() => stop.abort())

function followingBackend() {
  return createK8sAdapter({
    kubeConfig: access.kubeConfig,
    namespace: access.namespace,
    followServices: stop.signal,
    observeRequest: (record) => void (record.verb === 'get' && gets++),
  }).backend
}

describe('Services followed after the first read', () => {
  it("shows another client's new and deleted Services, and then reads only the Deployment", async () => {
    const backend = followingBackend()
    const names = async () => (await backend.getServer('weather')).services.map((s) => s.name)
    expect(await names()).toEqual(['weather'])

    await createService(access, {
      metadata: { name: 'weather-admin' },
      spec: { selector: { app: 'weather' }, ports: [{ name: 'admin', port: 9090 }] },
    })
    await vi.waitFor(async () => expect(await names()).toEqual(['weather', 'weather-admin']), {
      timeout: 10_000,
      interval: 50,
    })
    await access.core.deleteNamespacedService({ name: 'weather', namespace: access.namespace })
    await vi.waitFor(async () => expect(await names()).toEqual(['weather-admin']), {
      timeout: 10_000,
      interval: 50,
    })
    // Once following, a read is one GET: the Deployment's (no Services LIST).
    const getsSoFar = gets
    for (let i = 0; i < 20; i++) await names()
    expect(gets - getsSoFar).toBe(20)
  })
})
