/** A cell whose text is padded first and then styled, so styles never count towards widths. */
export interface Cell {
  text: string
  style?: (padded: string) => string
}

const GAP = '   '

/**
 * Plain-text columns, as kubectl prints them: each column as wide as its widest cell, three
 * spaces apart, no trailing spaces. The first row is the header.
 */
export function renderTable(rows: (string | Cell)[][]): string {
  const cells = rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' ? { text: cell } : cell))
  )
  const widths: number[] = []
  for (const row of cells) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.text.length)))
  }
  const lines = cells.map((row) =>
    row
      .map((cell, i) => {
        const padded = i === row.length - 1 ? cell.text : cell.text.padEnd(widths[i] ?? 0)
        return cell.style ? cell.style(padded) : padded
      })
      .join(GAP)
      .trimEnd()
  )
  return lines.map((line) => `${line}\n`).join('')
}
