import { describe, expect, it } from 'vitest'
import { useColor } from './colors.ts'

describe('useColor', () => {
  it.each([
    { isTTY: true, env: {}, expected: true },
    { isTTY: false, env: {}, expected: false },
    { isTTY: undefined, env: {}, expected: false },
    { isTTY: true, env: { NO_COLOR: '1' }, expected: false },
    { isTTY: true, env: { NO_COLOR: '' }, expected: true },
    { isTTY: true, env: { TERM: 'dumb' }, expected: false },
    { isTTY: false, env: { FORCE_COLOR: '1' }, expected: false },
  ])('answers $expected for a TTY=$isTTY stream with $env', ({ isTTY, env, expected }) => {
    expect(useColor({ isTTY }, env)).toBe(expected)
  })
})
