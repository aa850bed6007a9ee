export interface LiveTable {
  /** Shows the latest text: in place of the previous one on a terminal, after it elsewhere. */
  draw(text: string): void
}

interface Output {
  write(text: string): unknown
  /** The terminal's width, to count the rows a wrapped line takes. */
  columns?: number
}

// Styles (SGR sequences) take no room on screen.
const SGR = /\x1b\[[0-9;]*m/g

/**
 * `mcpl watch`'s output. On a terminal each change redraws the table where it stands (cursor
 * up over the previous drawing, then erase to the end of the screen); in a pipe or a log each
 * change is printed in turn, separated by a blank line, so nothing is lost.
 */
export function createLiveTable(stream: Output, live: boolean): LiveTable {
  let previousRows = 0
  return {
    draw(text) {
      if (!live) {
        stream.write(`${text}\n`)
        return
      }
      // CPL (cursor to the start of the line N rows up), then ED 0 (erase below).
      const erase = previousRows > 0 ? `\x1b[${previousRows}F\x1b[0J` : ''
      stream.write(erase + text)
      previousRows = countRows(text, stream.columns)
    },
  }
}

/** Screen rows the text takes, wrapped lines included; it ends with a newline. */
export function countRows(text: string, columns = 0): number {
  const lines = text.split('\n').slice(0, -1)
  if (columns <= 0) return lines.length
  return lines.reduce(
    (rows, line) => rows + Math.max(1, Math.ceil(line.replace(SGR, '').length / columns)),
    0
  )
}
