/** One line of a Kubernetes watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: Record<string, unknown> & { metadata?: { resourceVersion?: string }; code?: number }
}

/** Splits a watch response body (newline-delimited JSON) into events. */
export async function* readWatchEvents(
  body: ReadableStream<Uint8Array>
): AsyncIterable<WatchEvent> {
  let buffer = ''
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    buffer += chunk
    let newline = buffer.indexOf('\n')
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim()
      buffer = buffer.slice(newline + 1)
      if (line) yield JSON.parse(line) as WatchEvent
      newline = buffer.indexOf('\n')
    }
  }
  if (buffer.trim()) yield JSON.parse(buffer) as WatchEvent
}
