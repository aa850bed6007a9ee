import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey']
import { createJwtAuthenticator, looksLikeJwt } from './jwt-authenticator.ts'

let sign: (
  claims: Record<string, unknown>,
  options?: { expiresIn?: string; key?: PrivateKey }
) => Promise<string>
let authenticate: ReturnType<typeof createJwtAuthenticator>
let otherKey: PrivateKey

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  otherKey = (await generateKeyPair('ES256')).privateKey
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }
  authenticate = createJwtAuthenticator({
    keys: createLocalJWKSet({ keys: [jwk] }),
    issuer: 'https://issuer.test',
    audience: 'mcp-lifecycle',
    scopeClaim: 'scope',
  })
  sign = (claims, options = {}) =>
    new SignJWT({ iss: 'https://issuer.test', aud: 'mcp-lifecycle', sub: 'agent-1', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? privateKey)
})

describe('createJwtAuthenticator', () => {
  it('takes the scope from the claim and the id from the subject', async () => {
    await expect(
      authenticate(`Bearer ${await sign({ scope: 'openid mcp-lifecycle:write' })}`)
    ).resolves.toEqual({ id: 'jwt:agent-1', scope: 'write' })
    await expect(
      authenticate(`Bearer ${await sign({ scope: ['mcp-lifecycle:read'] })}`)
    ).resolves.toEqual({ id: 'jwt:agent-1', scope: 'read' })
  })

  it.each([
    ['expired', () => sign({ scope: 'mcp-lifecycle:write' }, { expiresIn: '-1m' })],
    ['for another audience', () => sign({ scope: 'mcp-lifecycle:write', aud: 'someone-else' })],
    ['from another issuer', () => sign({ scope: 'mcp-lifecycle:write', iss: 'https://evil.test' })],
    ['signed by another key', () => sign({ scope: 'mcp-lifecycle:write' }, { key: otherKey })],
  ])('answers 401 for a JWT %s', async (_case, make) => {
    await expect(authenticate(`Bearer ${await make()}`)).rejects.toMatchObject({ status: 401 })
  })

  it('answers 403 for a valid JWT without an mcp-lifecycle scope', async () => {
    await expect(authenticate(`Bearer ${await sign({ scope: 'openid' })}`)).rejects.toMatchObject({
      status: 403,
    })
  })

  it('tells JWTs from opaque tokens', async () => {
    expect(looksLikeJwt(`Bearer ${await sign({})}`)).toBe(true)
    expect(looksLikeJwt('Bearer opaque-token-0123456789')).toBe(false)
  })
})
