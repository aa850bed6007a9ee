import { describe, expect, it } from 'vitest'
import { formatElapsed, startProgressLine } from './progress-line.ts'

function recorder() {
  const writes: string[] = []
  return { writes, write: (text: string) => writes.push(text) }
}

describe('startProgressLine', () => {
  it('writes nothing when disabled (not a terminal)', () => {
    const out = recorder()
    const line = startProgressLine(out, { label: 'waiting for weather', enabled: false })
    line.update({ ready: 0, desired: 1 })
    line.stop()
    expect(out.writes).toEqual([])
  })

  it('redraws one line with ready/desired and the elapsed time, and erases it at the end', () => {
    const out = recorder()
    let now = 1_000
    const line = startProgressLine(out, {
      label: 'waiting for weather',
      enabled: true,
      now: () => now,
    })
    now += 3_000
    line.update({ ready: 0, desired: 1 })
    now += 9_500
    line.update({ ready: 1, desired: 1 })
    line.stop()
    expect(out.writes.map((text) => text.replace(/^\r\x1b\[2K. /, ''))).toEqual([
      'waiting for weather: 0s',
      'waiting for weather: 0/1 ready, 3s',
      'waiting for weather: 1/1 ready, 12s',
      '\r\x1b[2K',
    ])
    for (const text of out.writes) expect(text.startsWith('\r\x1b[2K')).toBe(true)
  })
})

describe('formatElapsed', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [12_000, '12s'],
    [65_000, '1m05s'],
    [600_000, '10m00s'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text)
  })
})
