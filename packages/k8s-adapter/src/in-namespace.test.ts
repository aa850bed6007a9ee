import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { API, deploymentJson, listJson, testAdapter, useMswServer } from './msw-fixtures.ts'

const server = useMswServer()

describe('K8sAdapter.inNamespace', () => {
  it('confines every call to the other namespace, over the same connection settings', async () => {
    const paths: string[] = []
    server.events.on(
      'request:start',
      ({ request }) => void paths.push(new URL(request.url).pathname)
    )
    server.use(
      http.get(`${API}/apis/apps/v1/namespaces/team-a/deployments`, () =>
        HttpResponse.json(listJson('DeploymentList', [deploymentJson('github', 1)]))
      ),
      http.get(`${API}/api/v1/namespaces/team-a/services`, () =>
        HttpResponse.json(listJson('ServiceList', []))
      )
    )
    const teamA = testAdapter().inNamespace('team-a')
    expect(teamA.namespace).toBe('team-a')
    expect((await teamA.backend.listServers()).map((s) => s.deployment.name)).toEqual(['github'])
    expect(paths).toEqual([
      '/apis/apps/v1/namespaces/team-a/deployments',
      '/api/v1/namespaces/team-a/services',
    ])
  })
})
