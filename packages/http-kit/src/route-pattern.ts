/**
 * Whether a path matches one of Hono's route patterns as used here: literal and `:param`
 * segments, a trailing `*`.
 */
export function matchesRoute(pattern: string, path: string): boolean {
  return segmentsMatch(pattern.split('/'), path.split('/'))
}

/**
 * A test of a path against several route patterns, split once: the authentication middleware
 * asks it on every request.
 */
export function routeMatcher(patterns: readonly string[]): (path: string) => boolean {
  const split = patterns.map((pattern) => pattern.split('/'))
  return (path) => {
    const have = path.split('/')
    return split.some((want) => segmentsMatch(want, have))
  }
}

function segmentsMatch(want: readonly string[], have: readonly string[]): boolean {
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*') return true
    if (have[i] === undefined) return false
    if (want[i]!.startsWith(':') ? have[i] === '' : want[i] !== have[i]) return false
  }
  return want.length === have.length
}
