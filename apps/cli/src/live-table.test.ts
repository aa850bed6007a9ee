import { describe, expect, it } from 'vitest'
import { countRows, createLiveTable } from './live-table.ts'

describe('createLiveTable', () => {
  it('prints every drawing in turn, a blank line apart, when not live', () => {
    let out = ''
    const table = createLiveTable({ write: (text) => (out += text) }, false)
    table.draw('A\n1\n')
    table.draw('A\n2\n')
    expect(out).toBe('A\n1\n\nA\n2\n\n')
  })

  it('moves up over the previous drawing and erases it before the next, when live', () => {
    const writes: string[] = []
    const table = createLiveTable({ write: (text) => writes.push(text) }, true)
    table.draw('A\n1\n\nfooter\n')
    table.draw('A\n2\n')
    expect(writes).toEqual(['A\n1\n\nfooter\n', '\x1b[4F\x1b[0JA\n2\n'])
  })
})

describe('countRows', () => {
  it('counts wrapped lines by the terminal width, ignoring styles', () => {
    expect(countRows('abc\n\n', 0)).toBe(2)
    expect(countRows(`${'x'.repeat(25)}\n\x1b[32m${'y'.repeat(10)}\x1b[39m\n`, 10)).toBe(4)
  })
})
