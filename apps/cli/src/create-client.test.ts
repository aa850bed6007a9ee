import { LifecycleError } from '@mcp-lifecycle/core'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createClient, limitsFor } from './create-client.ts'

const table = { output: 'table' as const }

describe('limitsFor', () => {
  it("uses the cluster's MCPL_* limits without --url", () => {
    expect(limitsFor(table, { MCPL_MAX_REPLICAS: '3', MCPL_MAX_TIMEOUT_SECONDS: '30' })).toEqual({
      maxReplicas: 3,
      maxTimeoutSeconds: 30,
    })
  })

  it('ignores MCPL_* limits with --url: the manager checks its own', () => {
    expect(limitsFor({ ...table, url: 'http://m' }, { MCPL_MAX_REPLICAS: '3' })).toEqual({
      maxReplicas: 1000,
      maxTimeoutSeconds: 86_400,
    })
  })

  it('refuses a bad MCPL_* value as bad input, naming it', () => {
    expect(() => limitsFor(table, { MCPL_MAX_REPLICAS: 'many' })).toThrow(/MCPL_MAX_REPLICAS/)
  })
})

describe('createClient', () => {
  it('talks HTTP with --url or MCPL_URL', async () => {
    expect((await createClient({ ...table, url: 'http://m:8080/api' }, {})).target).toBe(
      'http://m:8080/api/'
    )
    expect((await createClient(table, { MCPL_URL: 'https://m' })).target).toBe('https://m/')
  })

  it.each([
    [{ url: 'ftp://m' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'http://m', namespace: 'Team_X' }, 'namespace'],
  ])('refuses %j as bad input naming %s', async (options, field) => {
    const error = await createClient({ ...table, ...options }, {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LifecycleError)
    expect(error).toMatchObject({ kind: 'invalid', field })
  })

  it('refuses to go straight to the cluster without a kubeconfig, saying how to get one', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mcpl-home-'))
    const error = await createClient(table, { HOME: home }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LifecycleError)
    expect(error).toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/^no kubeconfig found: .*cluster:up/),
    })
  })
})
