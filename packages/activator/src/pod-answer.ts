import { Readable } from 'node:stream'
import type { AnswerFields } from './answer-headers.ts'

/**
 * A pod's answer as the proxy passes it on, before it becomes a fetch Response (hono's route) or
 * is written straight to a node response (the manager's lane): its headers already those a
 * client may get (proxy-headers.ts).
 */
export interface PodAnswer {
  status: number
  headers: AnswerFields
  /** No body; the bytes of a small answer, read whole; or a stream (SSE, a large answer). */
  body: Uint8Array | Readable | null
}

/** Whether the pod answered with success (2xx), as fetch's `Response.ok`. */
export function answeredOk(answer: PodAnswer): boolean {
  return answer.status >= 200 && answer.status < 300
}

/** The answer as a fetch Response, its stream (if any) as a web stream. */
export function responseOf(answer: PodAnswer): Response {
  const { status, body } = answer
  const headers: [string, string][] = []
  answer.headers.forEach((value, name) => headers.push([name, value]))
  if (body === null || body instanceof Uint8Array) return new Response(body, { status, headers })
  const stream = Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>
  return new Response(stream, { status, headers })
}
