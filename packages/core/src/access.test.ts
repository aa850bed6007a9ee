import { describe, expect, it } from 'vitest'
import { checkAccess, mayTouch, namePredicate, type Principal } from './access.ts'

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
