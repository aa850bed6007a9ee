import { Readable } from 'node:stream'

/**
 * A pod's answer read whole when it is small: no web stream between undici and the client, one
 * write out. Up to this many bytes are held, no more than the stream's own buffer (undici's
 * high-water mark) would hold.
 */
export const WHOLE_ANSWER_BYTES = 64 * 1024

/**
 * Reads `body` to its end when it ends within `limit` bytes: its bytes. A longer body is not held
 * further: a stream of what was read, then the rest as it comes. Read with events, not an async
 * iterator (a promise per chunk): most answers are one or two chunks.
 */
export function readSmallAnswer(
  body: Readable,
  limit = WHOLE_ANSWER_BYTES
): Promise<Uint8Array | Readable> {
  // Closed already (the request aborted as its answer came): no event will come.
  if (body.destroyed && !body.readableEnded) return Promise.reject(closedEarly())
  return new Promise((resolve, reject) => {
    const read: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      read.push(chunk)
      size += chunk.length
      if (size <= limit) return
      stopListening()
      body.pause()
      resolve(Readable.from(readThenRest(read, body), { objectMode: false }))
    }
    const onEnd = () => (stopListening(), resolve(Buffer.concat(read, size)))
    const onError = (error: Error) => (stopListening(), reject(error))
    const onClose = () => (stopListening(), reject(closedEarly()))
    const stopListening = () => {
      body.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose)
    }
    body.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose)
  })
}

const closedEarly = () => new Error('The answer closed before its end.')

async function* readThenRest(read: Buffer[], body: Readable) {
  yield* read
  yield* body
}
