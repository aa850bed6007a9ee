import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import { checkAccess, mayTouch, namePredicate, serverPattern, type Principal } from './access.ts'

const reader: Principal = { id: 'dashboard', scope: 'read' }
const writer: Principal = { id: 'agent', scope: 'write', servers: 'mcp-*' }

describe('mayTouch', () => {
  it.each([
    ['*', 'anything', true],
    ['mcp-*', 'mcp-weather', true],
    ['mcp-*', 'weather', false],
    ['*-prod', 'github-prod', true],
    ['*-prod', 'github-prod-2', false],
    ['weather', 'weather', true],
    ['weather', 'weather-2', false],
  ])('pattern %s on %s is %s', (servers, name, expected) => {
    expect(mayTouch({ id: 't', scope: 'write', servers }, name)).toBe(expected)
  })
})

describe('namePredicate', () => {
  it('compiles a pattern once: every principal with it shares the same test', () => {
    const test = namePredicate('mcp-a*')
    expect(namePredicate('mcp-a*')).toBe(test)
    expect([test('mcp-a1'), test('mcp-b1')]).toEqual([true, false])
    expect(namePredicate(undefined)('anything')).toBe(true)
  })
})

describe('checkAccess', () => {
  it('lets a read token read and refuses it a write', () => {
    expect(() => checkAccess(reader, 'read', 'weather')).not.toThrow()
    expect(() => checkAccess(reader, 'write', 'weather')).toThrow(
      expect.objectContaining({ kind: 'forbidden' })
    )
  })
  it('refuses a name outside the token pattern', () => {
    expect(() => checkAccess(writer, 'write', 'mcp-github')).not.toThrow()
    expect(() => checkAccess(writer, 'write', 'payments')).toThrow(
      expect.objectContaining({ status: 403 })
    )
  })
})

describe('namespace patterns', () => {
  const inNs = (namespace: string) => ({ namespace, defaultNamespace: 'mcp' })
  const tenant = (servers: string): Principal => ({ id: 't', scope: 'write', servers })

  it.each([
    ['team-a/*', 'team-a', 'anything', true],
    ['team-a/*', 'team-b', 'anything', false],
    ['team-a/*', 'mcp', 'anything', false],
    ['*/mcp-github', 'team-b', 'mcp-github', true],
    ['*/mcp-github', 'team-b', 'mcp-slack', false],
    ['team-*/web-*', 'team-c', 'web-1', true],
    // A pattern without '/' keeps meaning the default namespace.
    ['mcp-*', 'mcp', 'mcp-weather', true],
    ['mcp-*', 'team-a', 'mcp-weather', false],
    ['*', 'team-a', 'anything', true],
  ])('pattern %s on %s/%s is %s', (servers, namespace, name, expected) => {
    expect(mayTouch(tenant(servers), name, inNs(namespace))).toBe(expected)
  })

  it('refuses a namespaced pattern where the namespace is not said', () => {
    expect(mayTouch(tenant('mcp/*'), 'weather')).toBe(false)
  })

  it('hides a namespace the principal is not given (404, as an unmanaged one), also for a read', () => {
    for (const needed of ['read', 'write'] as const) {
      expect(() => checkAccess(tenant('team-a/*'), needed, 'x', inNs('team-b'))).toThrow(
        expect.objectContaining({ status: 404, title: 'Namespace not managed' })
      )
    }
    expect(() => checkAccess(tenant('team-a/*'), 'read', undefined, inNs('team-b'))).toThrow(
      expect.objectContaining({ status: 404 })
    )
  })

  it('still answers 403 for a server outside the pattern in a namespace the principal sees', () => {
    expect(() => checkAccess(tenant('*/mcp-github'), 'write', 'payments', inNs('team-a'))).toThrow(
      expect.objectContaining({ status: 403 })
    )
    expect(() => checkAccess(tenant('team-a/*'), 'write', 'x', inNs('team-a'))).not.toThrow()
  })

  it('accepts ns/name patterns in the schema and no more than one /', () => {
    expect(v.is(serverPattern, 'team-a/*')).toBe(true)
    expect(v.is(serverPattern, '*/mcp-github')).toBe(true)
    expect(v.is(serverPattern, 'a/b/c')).toBe(false)
    expect(v.is(serverPattern, '/x')).toBe(false)
  })
})
