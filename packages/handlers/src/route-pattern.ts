/** Whether a path matches one of Hono's route patterns as used here: literal and `:param` segments, a trailing `*`. */
export function matchesRoute(pattern: string, path: string): boolean {
  const want = pattern.split('/')
  const have = path.split('/')
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*') return true
    if (have[i] === undefined) return false
    if (want[i]!.startsWith(':') ? have[i] === '' : want[i] !== have[i]) return false
  }
  return want.length === have.length
}
