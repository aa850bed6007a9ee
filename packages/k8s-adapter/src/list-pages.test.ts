import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { listPages } from './list-pages.ts'
import {
  deploymentJson,
  deploymentList,
  DEPLOYMENTS,
  listJson,
  NAMESPACE,
  statusJson,
  testContext,
  useMswServer,
} from './msw-fixtures.ts'

const server = useMswServer()
const PATH = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`

describe('listPages', () => {
  it('starts the list over when its continue token expired (410), and keeps the last page version', async () => {
    const asked: (string | null)[] = []
    let expired = true
    server.use(
      http.get(DEPLOYMENTS, ({ request }) => {
        const token = new URL(request.url).searchParams.get('continue')
        asked.push(token)
        if (token && expired) {
          expired = false
          return HttpResponse.json(statusJson(410, 'Expired'), { status: 410 })
        }
        if (token) return deploymentList([deploymentJson('b', 0)], '9')
        return HttpResponse.json({
          ...listJson('DeploymentList', [deploymentJson('a', 1)]),
          metadata: { resourceVersion: '9', continue: 'next' },
        })
      })
    )
    const list = await listPages(testContext(), PATH, {}, (d) => d)
    expect(asked).toEqual([null, 'next', null, 'next'])
    expect(list.items.map((d) => d.metadata?.name)).toEqual(['a', 'b'])
    expect(list.metadata?.resourceVersion).toBe('9')
  })

  it('fails with the API server status on any other error', async () => {
    server.use(
      http.get(DEPLOYMENTS, () => HttpResponse.json(statusJson(403, 'Forbidden'), { status: 403 }))
    )
    await expect(listPages(testContext(), PATH, {}, (d) => d)).rejects.toMatchObject({
      statusCode: 403,
    })
  })
})
