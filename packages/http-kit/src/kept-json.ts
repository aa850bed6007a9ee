import type { Context } from 'hono'

const bodies = new WeakMap<object, Uint8Array<ArrayBuffer>>()
const utf8 = new TextEncoder()

/**
 * A 200 JSON answer built from `key`, serialized and encoded once: core keeps the same object
 * (a cached server's view, the list of cached servers) until the server changes, so repeated
 * reads write the same bytes (a large list is costly to serialize at every read).
 */
export function keptJson(c: Context, key: object, build: () => unknown): Response {
  let body = bodies.get(key)
  if (body === undefined) bodies.set(key, (body = utf8.encode(JSON.stringify(build()))))
  return c.body(body, 200, { 'content-type': 'application/json' })
}
