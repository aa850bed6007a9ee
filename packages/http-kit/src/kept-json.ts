import { Buffer } from 'node:buffer'
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

/** The UTF-8 JSON of `build(key)`, kept as long as `key` lives: what keptJson answers with. */
export function keptJsonBytes<K extends object>(
  key: K,
  build: (key: K) => unknown
): Uint8Array<ArrayBuffer> {
  let body = bodies.get(key)
  if (body === undefined) bodies.set(key, (body = encode(build(key))))
  return body
}

/** The UTF-8 JSON of `value`, kept as long as it lives (a status view is its own key). */
export function keptJsonOf(value: object): Uint8Array<ArrayBuffer> {
  return keptJsonBytes(value, itself)
}

const itself = (value: object) => value

/** As a Buffer: node:http writes a plain Uint8Array through a new Buffer view at every write. */
function encode(value: unknown): Uint8Array<ArrayBuffer> {
  const bytes = utf8.encode(JSON.stringify(value))
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
