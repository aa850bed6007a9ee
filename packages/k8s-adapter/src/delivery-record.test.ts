import { createHash } from 'node:crypto'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { API, NAMESPACE, statusJson, testDeliveryRecord, useMswServer } from './msw-fixtures.ts'

const server = useMswServer()

const url = `${API}/api/v1/namespaces/${NAMESPACE}/configmaps/mcp-lifecycle-deliveries`
const id = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32)

function configMap(entries: Record<string, number>, resourceVersion = '5') {
  return {
    kind: 'ConfigMap',
    metadata: { name: 'mcp-lifecycle-deliveries', resourceVersion },
    data: { deliveries: JSON.stringify(entries) },
  }
}

describe('the delivery record', () => {
  it('claims a new key with a replace guarded by the resourceVersion, retrying after 409', async () => {
    const puts: { resourceVersion?: string; entries: Record<string, number> }[] = []
    server.use(
      http.get(url, () => HttpResponse.json(configMap({}, String(5 + puts.length)))),
      http.put(url, async ({ request }) => {
        const body = (await request.json()) as {
          metadata: { resourceVersion: string }
          data: { deliveries: string }
        }
        puts.push({
          resourceVersion: body.metadata.resourceVersion,
          entries: JSON.parse(body.data.deliveries),
        })
        if (puts.length === 1)
          return HttpResponse.json(statusJson(409, 'Conflict'), { status: 409 })
        return HttpResponse.json(body)
      })
    )
    await expect(testDeliveryRecord().claim('event:/src:1')).resolves.toBe(true)
    expect(puts.map((p) => p.resourceVersion)).toEqual(['5', '6'])
    expect(Object.keys(puts[1]!.entries)).toEqual([id('event:/src:1')])
  })

  it('answers false for a key already recorded, without writing', async () => {
    let writes = 0
    server.use(
      http.get(url, () => HttpResponse.json(configMap({ [id('event:/src:1')]: Date.now() }))),
      http.put(url, () => (writes++, HttpResponse.json({})))
    )
    await expect(testDeliveryRecord().claim('event:/src:1')).resolves.toBe(false)
    expect(writes).toBe(0)
  })

  it('treats recorded keys named like Object.prototype members as plain data', async () => {
    let written: Record<string, number> = {}
    const at = Date.now()
    server.use(
      http.get(url, () =>
        HttpResponse.json({
          ...configMap({}),
          data: { deliveries: `{"__proto__": ${at}, "constructor": ${at}}` },
        })
      ),
      http.put(url, async ({ request }) => {
        written = JSON.parse(
          ((await request.json()) as { data: { deliveries: string } }).data.deliveries
        )
        return HttpResponse.json({})
      })
    )
    await expect(testDeliveryRecord().claim('webhook:ci:10')).resolves.toBe(true)
    expect(Object.keys(written).sort()).toEqual(
      ['__proto__', 'constructor', id('webhook:ci:10')].sort()
    )
  })

  it('forgets entries past their age when it writes', async () => {
    let written: Record<string, number> = {}
    server.use(
      http.get(url, () =>
        HttpResponse.json(configMap({ old: Date.now() - 8 * 24 * 3600 * 1000, fresh: Date.now() }))
      ),
      http.put(url, async ({ request }) => {
        written = JSON.parse(
          ((await request.json()) as { data: { deliveries: string } }).data.deliveries
        )
        return HttpResponse.json({})
      })
    )
    await testDeliveryRecord().claim('webhook:ci:9')
    expect(Object.keys(written).sort()).toEqual(['fresh', id('webhook:ci:9')].sort())
  })

  // A missing record is a configuration problem of this manager, not an outage of the
  // cluster: retrying will not help, applying the manifests will.
  it('answers a configuration problem (500), naming the ConfigMap, when it is missing', async () => {
    server.use(http.get(url, () => HttpResponse.json(statusJson(404, 'NotFound'), { status: 404 })))
    await expect(testDeliveryRecord().claim('x')).rejects.toMatchObject({
      kind: 'internal',
      title: 'Manager not fully installed',
      fromKubernetes: false,
      message: expect.stringMatching(
        /ConfigMap mcp-lifecycle-deliveries .*kubectl apply -k infra\/base/
      ),
    })
  })
})
