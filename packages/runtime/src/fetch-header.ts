import type { IncomingMessage } from 'node:http'

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
