/**
 * Reads a Server-Sent Events body as `{ event, data }` objects, as the EventSource parser of
 * the HTML standard does (EventSource itself cannot send the Authorization header): lines end
 * with CRLF, LF or CR; `data` lines are joined with LF; comments (`:`) are skipped; a blank
 * line dispatches the event.
 */
export async function* readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  let event = { event: 'message', data: [] }
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += value
    // A CR at the end may be the first half of a CRLF: it waits for the next chunk, as does
    // the last piece, a line not yet ended.
    const cr = buffer.endsWith('\r') ? '\r' : ''
    const lines = buffer.slice(0, buffer.length - cr.length).split(/\r\n|\r|\n/)
    buffer = lines.pop() + cr
    for (const line of lines) {
      if (line === '') {
        if (event.data.length > 0) yield { event: event.event, data: event.data.join('\n') }
        event = { event: 'message', data: [] }
        continue
      }
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') event.event = text
      else if (field === 'data') event.data.push(text)
    }
  }
}
