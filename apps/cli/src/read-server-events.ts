/** One event of a text/event-stream: its type (`message` when unnamed) and its data. */
export interface ServerSentEvent {
  event: string
  data: string
}

/**
 * Splits a Server-Sent Events body into its events, as the WHATWG HTML standard reads them:
 * lines end with CRLF, LF or CR, a blank line ends an event, `data` lines are joined with LF,
 * comment lines (heartbeats) are skipped. `onChunk` hears every chunk, heartbeats included,
 * so a caller can tell a quiet stream from a dead one.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onChunk: () => void = () => {}
): AsyncIterable<ServerSentEvent> {
  let buffer = ''
  let event = ''
  let data: string[] = []
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    onChunk()
    buffer += chunk
    // A CR at the end may be the first half of a CRLF: it waits for the next chunk.
    const pendingCr = buffer.endsWith('\r')
    const lines = (pendingCr ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/)
    // The last piece is an unfinished line ('' right after a line end).
    buffer = lines.pop()! + (pendingCr ? '\r' : '')
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) yield { event: event || 'message', data: data.join('\n') }
        event = ''
        data = []
        continue
      }
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') event = value
      else if (field === 'data') data.push(value)
    }
  }
}
