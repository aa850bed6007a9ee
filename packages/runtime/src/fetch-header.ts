import type { IncomingMessage } from 'node:http'
import type { CallHeaders } from '@mcp-lifecycle/activator'

/**
 * A header as a fetch Request (hono's view) has it: repeated fields joined with ', '. Node's
 * `req.headers` keeps only the first Authorization, which hono would refuse when sent twice.
 */
export function fetchHeader(req: IncomingMessage, name: string): string | undefined {
  let value: string | undefined
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length !== name.length || raw[i]!.toLowerCase() !== name) continue
    value = value === undefined ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`
  }
  return value
}

/** Every header field as fetch has it: names in lower case, repeated fields joined with ', '. */
export function fetchHeaders(raw: string[]): CallHeaders {
  const fields = new Map<string, string>()
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    const had = fields.get(name)
    fields.set(name, had === undefined ? raw[i + 1]! : `${had}, ${raw[i + 1]!}`)
  }
  return {
    get: (name) => fields.get(name) ?? null,
    forEach: (each) => fields.forEach((value, name) => each(value, name)),
  }
}
