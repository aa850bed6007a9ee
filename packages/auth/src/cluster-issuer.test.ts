import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createClusterIssuer, type ClusterIssuerSource } from './cluster-issuer.ts'
import { createJwtAuthenticator } from './jwt-authenticator.ts'

const ISSUER = 'https://kubernetes.default.svc.cluster.local'
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey']
const keyPairs: { privateKey: PrivateKey; jwk: JWK }[] = []

beforeAll(async () => {
  for (const kid of ['old', 'new']) {
    const { publicKey, privateKey } = await generateKeyPair('RS256')
    keyPairs.push({ privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256' } })
  }
})

/** The API server's two documents, with the keys it serves now; counts the JWKS reads. */
function apiServer() {
  const state = { served: [keyPairs[0]!.jwk], jwksReads: 0, down: false }
  const source: ClusterIssuerSource = {
    openidConfiguration: async () => {
      if (state.down) throw new TypeError('fetch failed')
      return { issuer: ISSUER, jwks_uri: `${ISSUER}/openid/v1/jwks` }
    },
    jwks: async () => {
      state.jwksReads++
      return { keys: state.served }
    },
  }
  return { state, source }
}

const token = (kid: 'old' | 'new', claims: Record<string, unknown> = {}) =>
  new SignJWT({
    iss: ISSUER,
    aud: 'fn',
    sub: 'system:serviceaccount:ns:sa',
    scope: 'mcp-lifecycle:write',
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(keyPairs[kid === 'old' ? 0 : 1]!.privateKey)

const authenticatorOver = (source: ClusterIssuerSource, cooldownMs = 0) =>
  createJwtAuthenticator({
    issuer: createClusterIssuer(source, cooldownMs),
    audience: 'fn',
    scopeClaim: 'scope',
    maxTokenAgeSeconds: 3600,
  })

describe('createClusterIssuer', () => {
  it('verifies against the issuer and keys the cluster serves, read once and kept', async () => {
    const { state, source } = apiServer()
    const authenticate = authenticatorOver(source, 60_000)
    for (let i = 0; i < 3; i++) {
      await expect(authenticate(`Bearer ${await token('old')}`)).resolves.toMatchObject({
        scope: 'write',
      })
    }
    expect(state.jwksReads).toBe(1)
    await expect(
      authenticate(`Bearer ${await token('old', { iss: 'https://other' })}`)
    ).rejects.toMatchObject({ status: 401 })
  })

  it('reads the keys again when a token names a kid it does not hold (rotation)', async () => {
    const { state, source } = apiServer()
    const authenticate = authenticatorOver(source)
    await authenticate(`Bearer ${await token('old')}`)
    state.served = [keyPairs[0]!.jwk, keyPairs[1]!.jwk]
    await expect(authenticate(`Bearer ${await token('new')}`)).resolves.toMatchObject({
      scope: 'write',
    })
    expect(state.jwksReads).toBe(2)
  })

  it('reads them again at most once per cooldown for unknown kids', async () => {
    const { state, source } = apiServer()
    const authenticate = authenticatorOver(source, 60_000)
    await authenticate(`Bearer ${await token('old')}`)
    for (let i = 0; i < 3; i++) {
      await expect(authenticate(`Bearer ${await token('new')}`)).rejects.toMatchObject({
        status: 401,
      })
    }
    expect(state.jwksReads).toBe(1)
  })

  it('answers 503 while the cluster cannot be read, and recovers when it can', async () => {
    const { state, source } = apiServer()
    const authenticate = authenticatorOver(source)
    state.down = true
    await expect(authenticate(`Bearer ${await token('old')}`)).rejects.toMatchObject({
      status: 503,
    })
    state.down = false
    await expect(authenticate(`Bearer ${await token('old')}`)).resolves.toMatchObject({
      scope: 'write',
    })
  })

  it('answers 503 for documents of the wrong shape', async () => {
    const authenticate = authenticatorOver({
      openidConfiguration: async () => ({ issuer: 42 }),
      jwks: async () => ({}),
    })
    await expect(authenticate(`Bearer ${await token('old')}`)).rejects.toMatchObject({
      status: 503,
    })
  })
})
