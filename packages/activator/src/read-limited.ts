import type { Dispatcher } from 'undici'

/** How much of a pod's answer to a call of our own is read (a probe's larger answer is no success). */
export const MAX_ANSWER_BYTES = 1 << 20

/** The body's text, or undefined once it is past `maxBytes` (it is then not read further). */
export async function readLimited(
  body: Dispatcher.ResponseData['body'],
  maxBytes = MAX_ANSWER_BYTES
): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > maxBytes) {
      body.destroy()
      return undefined
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
