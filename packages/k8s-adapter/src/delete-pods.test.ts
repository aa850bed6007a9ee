import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  deploymentJson,
  listedDeployments,
  listJson,
  PODS,
  recordedPerTest,
  REPLICASETS,
  statusJson,
  testBackend,
  useMswServer,
} from './msw-fixtures.ts'

const server = useMswServer()
const deleted = recordedPerTest<URL>()

const owner = (kind: string, uid: string) => [
  { apiVersion: 'apps/v1', kind, name: 'x', uid, controller: true },
]
const pod = (name: string, ownerUid: string) => ({
  metadata: { name, ownerReferences: owner('ReplicaSet', ownerUid) },
})

/** DELETE of a pod, answered as done and recorded in `deleted`. */
const recordDeletes = () =>
  http.delete(`${PODS}/:name`, ({ request }) => {
    deleted.push(new URL(request.url))
    return HttpResponse.json({ kind: 'Pod' })
  })

/** The reads of a forced stop, for a Deployment `weather` with one pod of its ReplicaSet. */
const onePodOfWeather = () => [
  listedDeployments([deploymentJson('weather', 0)]),
  http.get(REPLICASETS, () =>
    HttpResponse.json(
      listJson('ReplicaSetList', [
        { metadata: { uid: 'rs-1', ownerReferences: owner('Deployment', 'uid-weather') } },
      ])
    )
  ),
  http.get(PODS, () => HttpResponse.json(listJson('PodList', [pod('weather-abc-1', 'rs-1')]))),
]

describe('deletePods', () => {
  it("deletes with grace period 0 only the pods owned through the Deployment's ReplicaSets", async () => {
    let podSelector: string | null = null
    server.use(
      listedDeployments([deploymentJson('weather', 0)]),
      http.get(REPLICASETS, () =>
        HttpResponse.json(
          listJson('ReplicaSetList', [
            {
              metadata: {
                name: 'weather-abc',
                uid: 'rs-1',
                ownerReferences: owner('Deployment', 'uid-weather'),
              },
            },
            {
              metadata: {
                name: 'impostor-rs',
                uid: 'rs-2',
                ownerReferences: owner('Deployment', 'uid-other'),
              },
            },
          ])
        )
      ),
      http.get(PODS, ({ request }) => {
        podSelector = new URL(request.url).searchParams.get('labelSelector')
        return HttpResponse.json(
          listJson('PodList', [
            pod('weather-abc-1', 'rs-1'),
            pod('weather-abc-2', 'rs-1'),
            pod('impostor-1', 'rs-2'),
          ])
        )
      }),
      recordDeletes()
    )
    await expect(testBackend().deletePods('weather')).resolves.toBe(2)
    expect(podSelector).toBe('app=weather')
    expect(deleted.map((u) => u.pathname.split('/').pop()).sort()).toEqual([
      'weather-abc-1',
      'weather-abc-2',
    ])
    expect(deleted.every((u) => u.searchParams.get('gracePeriodSeconds') === '0')).toBe(true)
  })

  it('treats a pod already gone (404) as deleted', async () => {
    server.use(
      ...onePodOfWeather(),
      http.delete(`${PODS}/:name`, () =>
        HttpResponse.json(statusJson(404, 'NotFound'), { status: 404 })
      )
    )
    await expect(testBackend().deletePods('weather')).resolves.toBe(1)
  })

  it('sends no delete when the caller went away before it', async () => {
    server.use(...onePodOfWeather(), recordDeletes())
    const signal = AbortSignal.abort()
    await expect(testBackend().deletePods('weather', { signal })).rejects.toBeDefined()
    expect(deleted).toHaveLength(0)
  })

  it('maps a refused delete (403) to forbidden', async () => {
    server.use(
      ...onePodOfWeather(),
      http.delete(`${PODS}/:name`, () =>
        HttpResponse.json(statusJson(403, 'Forbidden'), { status: 403 })
      )
    )
    await expect(testBackend().deletePods('weather')).rejects.toMatchObject({
      kind: 'forbidden',
      status: 403,
    })
  })
})
