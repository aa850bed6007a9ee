import { delay, http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { CallTimeout } from './call-timeout.ts'
import { API, testAdapter, useMswServer } from './msw-fixtures.ts'

const server = useMswServer()

describe('readClusterIssuer', () => {
  it("reads the issuer's discovery document and keys with the adapter's credentials", async () => {
    const seen: string[] = []
    server.use(
      http.get(`${API}/.well-known/openid-configuration`, ({ request }) => {
        seen.push(`${request.url} ${request.headers.get('authorization')}`)
        return HttpResponse.json({ issuer: 'https://kubernetes.default.svc.cluster.local' })
      }),
      http.get(`${API}/openid/v1/jwks`, ({ request }) => {
        seen.push(`${request.url} ${request.headers.get('authorization')}`)
        // As kube-apiserver does: the keys are served as application/jwk-set+json only.
        if (request.headers.get('accept') !== 'application/jwk-set+json')
          return HttpResponse.json({ kind: 'Status', code: 406 }, { status: 406 })
        return HttpResponse.json({ keys: [{ kty: 'RSA', kid: 'k' }] })
      })
    )
    const { clusterIssuer } = testAdapter()
    await expect(clusterIssuer.openidConfiguration()).resolves.toEqual({
      issuer: 'https://kubernetes.default.svc.cluster.local',
    })
    await expect(clusterIssuer.jwks()).resolves.toEqual({ keys: [{ kty: 'RSA', kid: 'k' }] })
    expect(seen).toEqual([
      `${API}/.well-known/openid-configuration Bearer test-token`,
      `${API}/openid/v1/jwks Bearer test-token`,
    ])
  })

  it('fails with the status the API server answered', async () => {
    server.use(http.get(`${API}/openid/v1/jwks`, () => new HttpResponse(null, { status: 403 })))
    await expect(testAdapter().clusterIssuer.jwks()).rejects.toMatchObject({ statusCode: 403 })
  })

  it('is bounded by the call timeout when the API server never answers', async () => {
    server.use(http.get(`${API}/openid/v1/jwks`, () => delay('infinite')))
    const { clusterIssuer } = testAdapter({ callTimeoutMs: 100 })
    await expect(clusterIssuer.jwks()).rejects.toBeInstanceOf(CallTimeout)
  })
})
