import type { Context } from 'hono'

const bodies = new WeakMap<object, Uint8Array<ArrayBuffer>>()
const utf8 = new TextEncoder()

/**
 * A 200 JSON answer built from `key`, serialized and encoded once: core keeps the same object
 * (a cached server's view, the list of cached servers) until the server changes, so repeated
 * reads write the same bytes (a large list is costly to serialize at every read).
 */
export function keptJson(c: Context, key: object, build: () => unknown): Response {
  return c.body(keptJsonBytes(key, build), 200, { 'content-type': 'application/json' })
}

/** The UTF-8 JSON of `build()`, kept as long as `key` lives: what keptJson answers with. */
export function keptJsonBytes(key: object, build: () => unknown): Uint8Array<ArrayBuffer> {
  let body = bodies.get(key)
  if (body === undefined) bodies.set(key, (body = utf8.encode(JSON.stringify(build()))))
  return body
}
