export interface TapOptions {
  /** Bytes of the body collected at most; past them nothing is collected. */
  maxBytes: number
  /** Collect the body and hand it over once it ended in full (not cut off, not past the bound). */
  onComplete?: (text: string) => void
  /** Sees the body's text as it passes (with the end of the previous chunk before it). */
  scan?: (text: string) => void
}

/** Shown a body chunk by chunk as it passes, then told it ended in full. */
export interface BodyLooker {
  chunk(bytes: Uint8Array): void
  end(): void
}

/** Text of the previous chunk kept before the next, so a match split between chunks is seen. */
const CARRY = 128

/**
 * The pod's response with its body passed through unchanged, chunk by chunk (a chunk is read
 * from the pod only when the client reads one: nothing is buffered for the client), while
 * `options` look at it on the way. One pulled stream, not a TransformStream: piping costs
 * several promises per chunk on every proxied SSE answer.
 */
export function tapBody(response: Response, options: TapOptions): Response {
  if (!response.body) return response
  const reader = response.body.getReader()
  const look = bodyLooker(options)
  const tapped = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await reader.read()
        if (done) {
          look.end()
          controller.close()
          return
        }
        controller.enqueue(value)
        look.chunk(value)
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 }
  )
  return new Response(tapped, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}

/** What `options` see of a body: each chunk's text as it passes, then the whole at its end. */
export function bodyLooker(options: TapOptions): BodyLooker {
  const decoder = new TextDecoder()
  let collected: string[] | undefined = options.onComplete ? [] : undefined
  let size = 0
  let carry = ''
  return {
    chunk(bytes) {
      const text = decoder.decode(bytes, { stream: true })
      if (options.scan) {
        options.scan(carry + text)
        carry = text.slice(-CARRY)
      }
      size += bytes.length
      if (size > options.maxBytes) collected = undefined
      else collected?.push(text)
    },
    end() {
      if (collected) options.onComplete?.(collected.join('') + decoder.decode())
    },
  }
}
