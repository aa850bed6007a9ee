import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createK8sBackend } from './create-k8s-backend.ts'
import {
  API,
  deploymentJson,
  deploymentList,
  DEPLOYMENTS,
  listedDeployments,
  listJson,
  mswFetch,
  NAMESPACE,
  noServices,
  recordedPerTest,
  SELECTOR,
  serviceJson,
  SERVICES,
  statusJson,
  testBackend,
  testKubeConfig,
  useMswServer,
} from './msw-fixtures.ts'

const requests = recordedPerTest<URL>()
const server = useMswServer()
server.events.on('request:start', ({ request }) => void requests.push(new URL(request.url)))

describe('listServers', () => {
  it('makes one Deployment LIST by label selector and one Service LIST, whatever the count', async () => {
    const items = Array.from({ length: 50 }, (_, i) => deploymentJson(`server-${i}`, 1))
    server.use(
      listedDeployments(items),
      http.get(SERVICES, () =>
        HttpResponse.json(listJson('ServiceList', [serviceJson('server-7', '10.96.0.7')]))
      )
    )
    const servers = await testBackend().listServers()
    expect(servers).toHaveLength(50)
    expect(requests).toHaveLength(2)
    expect(requests[0]?.searchParams.get('labelSelector')).toBe(SELECTOR)
    expect(servers[7]?.services.map((s) => s.name)).toEqual(['server-7'])
  })

  it('sends the kubeconfig bearer token', async () => {
    let authorization: string | null = null
    server.use(
      http.get(DEPLOYMENTS, ({ request }) => {
        authorization = request.headers.get('authorization')
        return deploymentList([])
      }),
      noServices()
    )
    await testBackend().listServers()
    expect(authorization).toBe('Bearer test-token')
  })

  it.each([
    [403, 'forbidden'],
    [429, 'unavailable'],
    [500, 'unavailable'],
    [503, 'unavailable'],
  ])('maps a %i answer to %s without leaking the API message', async (code, kind) => {
    server.use(
      http.get(DEPLOYMENTS, () => HttpResponse.json(statusJson(code, 'Boom'), { status: code })),
      noServices()
    )
    const error = await testBackend()
      .listServers()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind })
    expect((error as Error).message).not.toContain('secret-detail')
  })

  it('maps a refused connection to unavailable', async () => {
    server.use(
      http.get(DEPLOYMENTS, () => HttpResponse.error()),
      http.get(SERVICES, () => HttpResponse.error())
    )
    await expect(testBackend().listServers()).rejects.toMatchObject({
      kind: 'unavailable',
      status: 503,
    })
  })

  it('fails when a request has no handler, proving msw is in the path', async () => {
    // An unreachable host fails too: only msw's own report proves it saw the request. A
    // namespace of its own tells it from late requests of earlier tests.
    const namespace = 'msw-proof'
    const unhandled: string[] = []
    const record = ({ request }: { request: Request }) => void unhandled.push(request.url)
    server.events.on('request:unhandled', record)
    server.use(
      http.get(`${API}/apis/apps/v1/namespaces/${namespace}/deployments`, () => deploymentList([]))
    )
    try {
      await expect(testBackend({ namespace }).listServers()).rejects.toMatchObject({
        kind: 'unavailable',
      })
    } finally {
      server.events.removeListener('request:unhandled', record)
    }
    expect(unhandled).toContain(`${API}/api/v1/namespaces/${namespace}/services`)
  })

  it('retries a 403 (the RBAC cache of a restarted API server is briefly cold)', async () => {
    let answered = 0
    server.use(
      http.get(DEPLOYMENTS, () =>
        answered++ === 0
          ? HttpResponse.json(statusJson(403, 'Forbidden'), { status: 403 })
          : deploymentList([deploymentJson('weather', 1)])
      ),
      noServices()
    )
    await expect(testBackend().listServers()).resolves.toHaveLength(1)
    expect(answered).toBe(2)
  })

  it('reports forbidden when Kubernetes still refuses after the retries', async () => {
    let answered = 0
    server.use(
      http.get(DEPLOYMENTS, () => {
        answered++
        return HttpResponse.json(statusJson(403, 'Forbidden'), { status: 403 })
      }),
      noServices()
    )
    await expect(testBackend().listServers()).rejects.toMatchObject({
      kind: 'forbidden',
      fromKubernetes: true,
    })
    expect(answered).toBe(3)
  })
})

describe('getServer', () => {
  it('reads the Deployment through a LIST narrowed by name and MCP label', async () => {
    server.use(listedDeployments([deploymentJson('weather', 1)]), noServices())
    const found = await testBackend().getServer('weather')
    expect(found.deployment).toMatchObject({
      name: 'weather',
      desiredReplicas: 1,
      readyReplicas: 1,
    })
    const list = requests.find((r) => r.pathname.endsWith('/deployments'))
    expect(list?.searchParams.get('fieldSelector')).toBe('metadata.name=weather')
    expect(list?.searchParams.get('labelSelector')).toBe(SELECTOR)
  })

  it("lists the Services from the API server's watch cache (resourceVersion=0)", async () => {
    server.use(listedDeployments([deploymentJson('weather', 1)]), noServices())
    await testBackend().getServer('weather')
    const list = requests.find((r) => r.pathname.endsWith('/services'))
    expect(list?.searchParams.get('resourceVersion')).toBe('0')
    expect(requests).toHaveLength(2)
  })

  it('keeps every Service that selects the server, whatever its name, and only those', async () => {
    const byName = serviceJson('weather', '10.96.0.1')
    const other = { ...serviceJson('weather-admin', '10.96.0.2'), spec: { ...byName.spec } }
    other.spec = { ...other.spec, clusterIP: '10.96.0.2', clusterIPs: ['10.96.0.2'] }
    const external = {
      metadata: { name: 'weather-ext', annotations: { 'mcp-lifecycle/server': 'weather' } },
      spec: { type: 'ExternalName', externalName: 'weather.example.com' },
    }
    const unrelated = [
      serviceJson('news', '10.96.0.3'),
      { ...serviceJson('wider', '10.96.0.4'), spec: { selector: { app: 'weather', tier: 'x' } } },
      { metadata: { name: 'bare' }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.5' } },
    ]
    server.use(
      listedDeployments([deploymentJson('weather', 1)]),
      http.get(SERVICES, () =>
        HttpResponse.json(
          listJson('ServiceList', [unrelated[0], other, byName, external, ...unrelated.slice(1)])
        )
      )
    )
    const found = await testBackend().getServer('weather')
    expect(found.services.map((s) => s.name)).toEqual(['weather-admin', 'weather', 'weather-ext'])
    expect(found.services[2]).toMatchObject({
      type: 'ExternalName',
      externalName: 'weather.example.com',
    })
  })

  it.each([
    [403, 'forbidden'],
    [500, 'unavailable'],
  ])(
    'maps a %i answer to the Service LIST to %s without leaking the API message',
    async (code, kind) => {
      server.use(
        listedDeployments([deploymentJson('weather', 1)]),
        http.get(SERVICES, () => HttpResponse.json(statusJson(code, 'Boom'), { status: code }))
      )
      const error = await testBackend()
        .getServer('weather')
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ kind, fromKubernetes: true })
      expect((error as Error).message).not.toContain('secret-detail')
    }
  )

  it('answers not-found when the label selector leaves nothing', async () => {
    server.use(listedDeployments([]), noServices())
    await expect(testBackend().getServer('plain-app')).rejects.toMatchObject({
      kind: 'not-found',
      status: 404,
    })
  })
})

describe('observeRequest', () => {
  it('reports each API request with its verb and outcome', async () => {
    server.use(
      listedDeployments([]),
      http.get(SERVICES, () => HttpResponse.json(statusJson(500, 'Boom'), { status: 500 }))
    )
    const seen: string[] = []
    const backend = createK8sBackend({
      kubeConfig: testKubeConfig(),
      namespace: NAMESPACE,
      fetch: mswFetch,
      observeRequest: (r) => seen.push(`${r.verb}:${r.outcome}`),
    })
    await backend.listServers().catch(() => {})
    // The list fails on the first failed call; the other one may still be on its way.
    await vi.waitFor(() => expect(seen).toHaveLength(2))
    expect(seen.sort()).toEqual(['get:200', 'get:500'])
  })
})
