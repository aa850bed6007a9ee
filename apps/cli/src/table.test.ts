import { describe, expect, it } from 'vitest'
import { renderTable } from './table.ts'

describe('renderTable', () => {
  it('pads every column to its widest cell, three spaces apart', () => {
    expect(
      renderTable([
        ['NAME', 'STATUS'],
        ['weather', 'running'],
        ['a', 'b'],
      ])
    ).toBe('NAME      STATUS\nweather   running\na         b\n')
  })

  it('leaves no trailing spaces when the last cells are short or empty', () => {
    const lines = renderTable([
      ['A', 'B', 'C'],
      ['long-name', 'x', ''],
      ['b', 'longer', 'y'],
    ]).split('\n')
    for (const line of lines) expect(line).toBe(line.trimEnd())
  })

  it('styles a cell after padding, so escape codes never shift the columns', () => {
    const red = (text: string) => `<${text}>`
    const text = renderTable([
      ['S', 'N'],
      [{ text: 'ok', style: red }, '1'],
      ['failed', '2'],
    ])
    expect(text).toBe('S        N\n<ok    >   1\nfailed   2\n')
  })
})
