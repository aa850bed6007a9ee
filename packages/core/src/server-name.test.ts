import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { byName, serverName } from './server-name.ts'

describe('serverName', () => {
  it.each(['a', 'weather', 'mcp-github-2', '0day', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(v.safeParse(serverName, name).success).toBe(true)
  })

  it.each([
    ['empty', ''],
    ['64 characters', 'a'.repeat(64)],
    ['uppercase', 'Weather'],
    ['leading dash', '-weather'],
    ['trailing dash', 'weather-'],
    ['dot', 'weather.v2'],
    ['underscore', 'weather_v2'],
    ['path traversal', '../kube-system'],
    ['slash', 'a/b'],
    ['space', 'a b'],
    ['unicode look-alike (Cyrillic a)', 'wе\u0430ther'],
    ['full-width letters', 'ｗeather'],
    ['number', 42],
    ['null', null],
  ])('refuses %s', (_case, name) => {
    expect(v.safeParse(serverName, name).success).toBe(false)
  })
})

describe('byName', () => {
  it('orders DNS-1123 names as a person reads them: digits, then letters, shorter first', () => {
    const names = ['mcp-b', 'mcp-a2', 'mcp', 'a-1', 'mcp-a10', '9lives', 'mcp-a']
    expect(
      names
        .map((name) => ({ name }))
        .sort(byName)
        .map((s) => s.name)
    ).toEqual(['9lives', 'a-1', 'mcp', 'mcp-a', 'mcp-a10', 'mcp-a2', 'mcp-b'])
  })
})
