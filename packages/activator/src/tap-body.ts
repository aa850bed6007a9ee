export interface TapOptions {
  /** Bytes of the body collected at most; past them nothing is collected. */
  maxBytes: number
  /** Collect the body and hand it over once it ended in full (not cut off, not past the bound). */
  onComplete?: (text: string) => void
  /** Sees the body's text as it passes (with the end of the previous chunk before it). */
  scan?: (text: string) => void
}

/** Text of the previous chunk kept before the next, so a match split between chunks is seen. */
const CARRY = 128

/**
 * The pod's response with its body passed through unchanged, chunk by chunk (backpressure
 * kept: nothing is buffered for the client), while `options` look at it on the way.
 */
export function tapBody(response: Response, options: TapOptions): Response {
  if (!response.body) return response
  const decoder = new TextDecoder()
  let collected: string[] | undefined = options.onComplete ? [] : undefined
  let size = 0
  let carry = ''
  const tap = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(chunk)
      const text = decoder.decode(chunk, { stream: true })
      if (options.scan) {
        options.scan(carry + text)
        carry = text.slice(-CARRY)
      }
      size += chunk.length
      if (size > options.maxBytes) collected = undefined
      else collected?.push(text)
    },
    flush() {
      if (collected) options.onComplete?.(collected.join('') + decoder.decode())
    },
  })
  return new Response(response.body.pipeThrough(tap), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}
