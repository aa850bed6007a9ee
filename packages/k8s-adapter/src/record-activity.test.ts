import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  deploymentJson,
  deploymentList,
  DEPLOYMENTS,
  listedDeployments,
  SELECTOR,
  statusJson,
  testConnection,
  useMswServer,
} from './msw-fixtures.ts'
import { createK8sActivityRecorder } from './record-activity.ts'

const server = useMswServer()

function recorder() {
  return createK8sActivityRecorder({
    ...testConnection(),
  })
}

function recordPatches(answers: (() => Response)[] = []) {
  const sent: { contentType: string | null; body: unknown }[] = []
  const handler = http.patch(`${DEPLOYMENTS}/weather`, async ({ request }) => {
    sent.push({ contentType: request.headers.get('content-type'), body: await request.json() })
    return answers.shift()?.() ?? HttpResponse.json(deploymentJson('weather', 1))
  })
  return { sent, handler }
}

const listed = (resourceVersion: string) =>
  http.get(DEPLOYMENTS, ({ request }) => {
    const url = new URL(request.url)
    expect(url.searchParams.get('labelSelector')).toBe(SELECTOR)
    expect(url.searchParams.get('fieldSelector')).toBe('metadata.name=weather')
    return deploymentList([deploymentJson('weather', 1, 1, resourceVersion)])
  })

describe('recordActivity', () => {
  it('merge-patches only the last-activity annotation, guarded by the label-checked resourceVersion', async () => {
    const { sent, handler } = recordPatches()
    server.use(listed('41'), handler)
    await recorder().recordActivity('weather', new Date('2026-12-01T12:00:00.789Z'))
    expect(sent).toEqual([
      {
        contentType: 'application/merge-patch+json',
        body: {
          metadata: {
            resourceVersion: '41',
            annotations: { 'mcp-lifecycle/last-activity': '2026-12-01T12:00:00Z' },
          },
        },
      },
    ])
  })

  it('checks the label again and retries after a 409 conflict', async () => {
    const conflict = () => HttpResponse.json(statusJson(409, 'Conflict'), { status: 409 })
    const { sent, handler } = recordPatches([conflict])
    server.use(listed('41'), handler)
    await recorder().recordActivity('weather', new Date())
    expect(sent).toHaveLength(2)
  })

  it('never patches a Deployment that is not an MCP server', async () => {
    const { sent, handler } = recordPatches()
    server.use(listedDeployments([]), handler)
    await expect(recorder().recordActivity('weather', new Date())).rejects.toMatchObject({
      kind: 'not-found',
    })
    expect(sent).toHaveLength(0)
  })

  it('answers forbidden when the Role does not allow patching Deployments', async () => {
    const { handler } = recordPatches([
      () => HttpResponse.json(statusJson(403, 'Forbidden'), { status: 403 }),
      () => HttpResponse.json(statusJson(403, 'Forbidden'), { status: 403 }),
      () => HttpResponse.json(statusJson(403, 'Forbidden'), { status: 403 }),
    ])
    server.use(listed('41'), handler)
    await expect(recorder().recordActivity('weather', new Date())).rejects.toMatchObject({
      kind: 'forbidden',
    })
  })
})
