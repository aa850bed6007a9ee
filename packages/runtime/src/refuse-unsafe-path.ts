import { LifecycleError } from '@mcp-lifecycle/core'
import type { MiddlewareHandler } from 'hono'

/**
 * Refuses (400) a path with a dot segment or a slash in disguise, before any route sees it.
 *
 * The URL parser resolves `.`/`..` segments, encoded ones too (`/servers/%2e%2e/scale` became
 * `/scale`), and turns `\` into `/`, which bypassed a front proxy exposing only `/servers/`
 * (issue 26). So each segment of the target as received (node-server's `incoming`) is checked.
 */
export function refuseUnsafePath(): MiddlewareHandler {
  return (c, next) => {
    const env = c.env as { incoming?: { url?: string } } | undefined
    const target = env?.incoming?.url ?? new URL(c.req.url).pathname
    const path = target.split('?', 1)[0]!
    if (isSafePath(path)) return next()
    throw new LifecycleError(
      'invalid',
      `path: ${JSON.stringify(path.slice(0, 200))} has a dot segment, an encoded slash or a backslash.`,
      { field: 'path' }
    )
  }
}

// Only a '.', an escape or a backslash can make a segment unsafe: most paths have none.
const MAYBE_UNSAFE = /[.%\\]/

/** Whether a request target has no dot segment, encoded slash or backslash in any segment. */
export function isSafePath(path: string): boolean {
  if (!MAYBE_UNSAFE.test(path)) return true
  if (path.includes('\\')) return false
  for (const segment of path.split('/')) {
    const decoded = decodeSegment(segment)
    if (decoded === undefined || decoded === '.' || decoded === '..') return false
    if (decoded.includes('/') || decoded.includes('\\')) return false
  }
  return true
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined // A malformed escape: refused rather than guessed at.
  }
}
