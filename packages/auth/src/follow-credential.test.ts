import type { Principal } from '@mcp-lifecycle/core'
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import { CREDENTIAL_ENDED, followCredential } from './follow-credential.ts'
import { CLOCK_TOLERANCE_SECONDS, createJwtAuthenticator } from './jwt-authenticator.ts'

describe('followCredential', () => {
  it('ends when the JWT the stream was opened with passes its exp', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256')
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }
    const authenticator = createJwtAuthenticator({
      issuer: {
        issuer: async () => 'https://issuer.test',
        keys: createLocalJWKSet({ keys: [jwk] }),
      },
      audience: 'mcp-lifecycle',
      scopeClaim: 'scope',
      maxTokenAgeSeconds: 3600,
    })
    // Expired 28 s ago: still inside the verifier's 30 s clock tolerance, out of it in 2 s.
    const now = Math.floor(Date.now() / 1000)
    const jwt = await new SignJWT({ scope: 'mcp-lifecycle:read', sub: 'agent-1' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuedAt(now - 60)
      .setIssuer('https://issuer.test')
      .setAudience('mcp-lifecycle')
      .setExpirationTime(now + 2 - CLOCK_TOLERANCE_SECONDS)
      .sign(privateKey)
    const authorization = `Bearer ${jwt}`
    const principal = await authenticator(authorization)
    const open = new AbortController()
    const ended = followCredential({
      authenticator,
      authorization,
      principal,
      signal: open.signal,
      intervalMs: 50,
    })
    expect(ended.aborted).toBe(false)
    await vi.waitUntil(() => ended.aborted, { timeout: 5000 })
    expect(ended.reason).toBe(CREDENTIAL_ENDED)
  })

  it('ends when the token now stands for another scope or pattern', async () => {
    let current: Principal = { id: 'agents', scope: 'write', servers: 'mcp-*' }
    const opened = current
    const ended = followCredential({
      authenticator: async () => current,
      authorization: 'Bearer t',
      principal: opened,
      signal: new AbortController().signal,
      intervalMs: 10,
    })
    current = { ...opened, servers: '*' }
    await vi.waitUntil(() => ended.aborted)
  })

  it('keeps the stream when a check fails for another reason than the credential', async () => {
    const open = new AbortController()
    let checks = 0
    const ended = followCredential({
      authenticator: async () => {
        checks++
        throw new Error('issuer keys out of reach')
      },
      authorization: 'Bearer t',
      principal: { id: 'p', scope: 'read' },
      signal: open.signal,
      intervalMs: 10,
    })
    await vi.waitUntil(() => checks >= 3)
    expect(ended.aborted).toBe(false)
    open.abort()
  })
})
