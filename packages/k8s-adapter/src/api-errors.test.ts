import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { toLifecycleError } from './api-errors.ts'
import { KubernetesApiError } from './kubernetes-api-error.ts'

const answer = (code: number) => new KubernetesApiError('GET /api answered: secret-detail', code)

describe('toLifecycleError', () => {
  it.each([
    [401, 'unavailable', 503, 'Kubernetes unavailable', "the manager's Kubernetes credential"],
    [403, 'forbidden', 403, undefined, 'check its Role'],
    [404, 'not-found', 404, undefined, 'does not exist'],
    [409, 'conflict', 409, undefined, 'concurrently'],
    [422, 'unprocessable', 422, undefined, 'invalid'],
    [429, 'unavailable', 503, 'Kubernetes unavailable', 'overloaded'],
    [500, 'unavailable', 503, 'Kubernetes unavailable', 'overloaded'],
    [504, 'timeout', 504, undefined, 'timed out'],
  ])(
    'maps a Kubernetes %i to %s (%i), marked as from Kubernetes',
    (code, kind, status, title, detail) => {
      const error = toLifecycleError(answer(code), 'Reading things')
      expect(error).toMatchObject({ kind, status, fromKubernetes: true })
      expect(error.title).toBe(title)
      expect(error.message).toContain('Reading things: ')
      expect(error.message).toContain(detail)
      expect(error.message).not.toContain('secret-detail')
    }
  )

  it('maps a refused credential (401) to unavailable: the manager, not the caller, is at fault', () => {
    expect(toLifecycleError(answer(401), 'Listing MCP servers').message).toBe(
      "Listing MCP servers: the API server refused the manager's Kubernetes credential (expired or revoked token)."
    )
  })

  it('maps an unreachable API server to unavailable, marked as from Kubernetes', () => {
    const error = toLifecycleError(new TypeError('fetch failed'), 'Listing MCP servers')
    expect(error).toMatchObject({
      kind: 'unavailable',
      status: 503,
      title: 'Kubernetes unavailable',
      fromKubernetes: true,
    })
  })
})

describe('api-errors.ts', () => {
  it('is the only adapter file that tells a KubernetesApiError apart', () => {
    const dir = new URL('.', import.meta.url)
    const readers = readdirSync(dir)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .filter((file) =>
        readFileSync(new URL(file, dir), 'utf8').includes('instanceof KubernetesApiError')
      )
    expect(readers).toEqual(['api-errors.ts'])
  })
})
