import { describe, expect, it } from 'vitest'
import { idleTimeoutMs, parseDuration } from './idle-timeout.ts'

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    [' 3s ', 3000],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', '15', 'm', '15 m', '-5m', '0s', '1d', '15min', '31d', '745h', undefined])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined()
    }
  )
})

describe('idleTimeoutMs', () => {
  it('reads mcp-lifecycle/idle-timeout, and nothing else', () => {
    expect(idleTimeoutMs({ 'mcp-lifecycle/idle-timeout': '3s' })).toBe(3000)
    expect(idleTimeoutMs({ 'idle-timeout': '3s' })).toBeUndefined()
    expect(idleTimeoutMs({ 'mcp-lifecycle/idle-timeout': 'soon' })).toBeUndefined()
    // Under a second is a typo that would stop the server at every reaper pass.
    expect(idleTimeoutMs({ 'mcp-lifecycle/idle-timeout': '0.4ms' })).toBeUndefined()
    expect(idleTimeoutMs({ 'mcp-lifecycle/idle-timeout': '999ms' })).toBeUndefined()
    expect(idleTimeoutMs({ 'mcp-lifecycle/idle-timeout': '1s' })).toBe(1000)
  })
})
