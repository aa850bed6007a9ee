/**
 * Reads a change stream's events as `<event> <data>` lines, pushed to `seen` as each event
 * completes, until the stream ends or `until(seen)` holds; `reading` then resolves (and rejects
 * when the stream fails or is aborted).
 */
export function readChangeEvents(
  body: ReadableStream<Uint8Array>,
  until: (seen: string[]) => boolean = () => false
): { seen: string[]; reading: Promise<void> } {
  const seen: string[] = []
  const reading = (async () => {
    let text = ''
    for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
      text += chunk
      const end = text.lastIndexOf('\n\n')
      if (end < 0) continue
      for (const match of text.slice(0, end).matchAll(/^event: (\w+)\ndata: (.*)$/gm))
        seen.push(`${match[1]} ${match[2]}`)
      text = text.slice(end + 2)
      if (until(seen)) return
    }
  })()
  return { seen, reading }
}
