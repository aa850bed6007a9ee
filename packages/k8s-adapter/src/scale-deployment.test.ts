import { delay, http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  deploymentJson,
  deploymentList,
  DEPLOYMENTS,
  listedDeployments,
  NAMESPACE,
  recordedPerTest,
  statusJson,
  testBackend,
  useMswServer,
} from './msw-fixtures.ts'

const server = useMswServer()
const sent = recordedPerTest<{ method: string; url: URL; body: unknown }>()

function recordScale(answers: (() => Response)[]) {
  return http.put(`${DEPLOYMENTS}/:name/scale`, async ({ request }) => {
    sent.push({ method: 'PUT', url: new URL(request.url), body: await request.json() })
    const answer = answers.shift()
    return answer ? answer() : HttpResponse.json({ kind: 'Scale', spec: { replicas: 2 } })
  })
}

/** GET Deployments answering a LIST of weather at 1 replica. */
const listedWeather = () => listedDeployments([deploymentJson('weather', 1)])

describe('scaleDeployment', () => {
  it('puts a Scale carrying the label-checked resourceVersion to the scale subresource', async () => {
    server.use(
      listedDeployments([deploymentJson('weather', 1, 1, '41')]),
      recordScale([]),
      http.get(`${DEPLOYMENTS}/weather`, () =>
        HttpResponse.json(deploymentJson('weather', 2, 1, '42'))
      )
    )
    const scaled = await testBackend().scale('weather', 2)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.url.pathname).toBe(
      `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/weather/scale`
    )
    expect(sent[0]?.body).toMatchObject({
      kind: 'Scale',
      metadata: { name: 'weather', resourceVersion: '41' },
      spec: { replicas: 2 },
    })
    expect(scaled.desiredReplicas).toBe(2)
  })

  it('writes nothing when the Deployment already has that many replicas', async () => {
    server.use(listedDeployments([deploymentJson('weather', 2, 2, '41')]), recordScale([]))
    const scaled = await testBackend().scale('weather', 2)
    const dryRun = await testBackend().scale('weather', 2, { dryRun: true })
    expect(sent).toHaveLength(0)
    expect(scaled).toMatchObject({ desiredReplicas: 2, readyReplicas: 2 })
    expect(dryRun.desiredReplicas).toBe(2)
  })

  it('checks the label again and retries after a 409 conflict', async () => {
    server.use(
      listedWeather(),
      recordScale([() => HttpResponse.json(statusJson(409, 'Conflict'), { status: 409 })]),
      http.get(`${DEPLOYMENTS}/weather`, () => HttpResponse.json(deploymentJson('weather', 2)))
    )
    await testBackend().scale('weather', 2)
    expect(sent).toHaveLength(2)
  })

  it('gives up with conflict after repeated 409s', async () => {
    const conflict = () => HttpResponse.json(statusJson(409, 'Conflict'), { status: 409 })
    server.use(listedWeather(), recordScale([conflict, conflict, conflict]))
    await expect(testBackend().scale('weather', 2)).rejects.toMatchObject({
      kind: 'conflict',
      status: 409,
    })
  })

  it('never sends a scale for a Deployment without the MCP label', async () => {
    server.use(listedDeployments([]), recordScale([]))
    await expect(testBackend().scale('plain-app', 2)).rejects.toMatchObject({ kind: 'not-found' })
    expect(sent).toHaveLength(0)
  })

  it.each([
    [403, 'forbidden', 403],
    [422, 'unprocessable', 422],
    [500, 'unavailable', 503],
  ])('maps a %i answer to %s (%i)', async (code, kind, status) => {
    const refuse = () => HttpResponse.json(statusJson(code, 'No'), { status: code })
    server.use(listedWeather(), recordScale([refuse, refuse, refuse]))
    await expect(testBackend().scale('weather', 2)).rejects.toMatchObject({ kind, status })
  })

  it('sends no write when the caller went away before it', async () => {
    server.use(listedWeather(), recordScale([]))
    const signal = AbortSignal.abort()
    await expect(testBackend().scale('weather', 2, { signal })).rejects.toBeDefined()
    expect(sent).toHaveLength(0)
  })

  it('sends no write when the caller goes away during the label check', async () => {
    const caller = new AbortController()
    server.use(
      http.get(DEPLOYMENTS, () => {
        caller.abort()
        return deploymentList([deploymentJson('weather', 1)])
      }),
      recordScale([])
    )
    await expect(testBackend().scale('weather', 2, { signal: caller.signal })).rejects.toBeDefined()
    expect(sent).toHaveLength(0)
  })

  it('aborts a write in flight when the caller goes away', async () => {
    const caller = new AbortController()
    server.use(
      listedWeather(),
      http.put(`${DEPLOYMENTS}/:name/scale`, async () => {
        caller.abort()
        await delay(200)
        return HttpResponse.json({ kind: 'Scale', spec: { replicas: 2 } })
      }),
      http.get(`${DEPLOYMENTS}/weather`, () => HttpResponse.json(deploymentJson('weather', 2)))
    )
    await expect(testBackend().scale('weather', 2, { signal: caller.signal })).rejects.toBeDefined()
  })

  it('retries a 403 (the RBAC cache of a restarted API server is briefly cold)', async () => {
    server.use(
      listedWeather(),
      recordScale([() => HttpResponse.json(statusJson(403, 'Forbidden'), { status: 403 })]),
      http.get(`${DEPLOYMENTS}/weather`, () => HttpResponse.json(deploymentJson('weather', 2)))
    )
    await expect(testBackend().scale('weather', 2)).resolves.toMatchObject({ desiredReplicas: 2 })
    expect(sent).toHaveLength(2)
  })

  it('asks for server-side dry run and reports the count it would set', async () => {
    server.use(
      listedWeather(),
      recordScale([() => HttpResponse.json({ kind: 'Scale', spec: { replicas: 4 } })])
    )
    const dry = await testBackend().scale('weather', 4, { dryRun: true })
    expect(sent[0]?.url.searchParams.get('dryRun')).toBe('All')
    expect(dry.desiredReplicas).toBe(4)
  })
})
