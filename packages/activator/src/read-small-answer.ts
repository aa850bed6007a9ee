import { Readable } from 'node:stream'

/**
 * A pod's answer read whole when it is small: no web stream between undici and the client, one
 * write out. Up to this many bytes are held, no more than the stream's own buffer (undici's
 * high-water mark) would hold.
 */
export const WHOLE_ANSWER_BYTES = 64 * 1024

/**
 * Reads `body` to its end when it ends within `limit` bytes: its bytes. A longer body is not held
 * further: a stream of what was read, then the rest as it comes.
 */
export async function readSmallAnswer(
  body: Readable,
  limit = WHOLE_ANSWER_BYTES
): Promise<Uint8Array | Readable> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const read: Buffer[] = []
  let size = 0
  for (;;) {
    const next = await chunks.next()
    if (next.done) return Buffer.concat(read, size)
    read.push(next.value)
    size += next.value.length
    if (size > limit) break
  }
  async function* rest() {
    yield* read
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value
  }
  return Readable.from(rest(), { objectMode: false })
}
