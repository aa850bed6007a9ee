import { readFileSync } from 'node:fs'

/**
 * Reads a file now and again whenever its content changes (a mounted Secret is replaced by a
 * symlink swap, so the content is polled rather than watched by inode; comparing content also
 * sees a change written right after start, which a stat baseline taken later would miss).
 * A reload that fails keeps the previous value and reports the error.
 */
export function followFile<T>(
  path: string,
  parse: (text: string) => T,
  onReloadError: (error: unknown) => void,
  intervalMs = 1000
): { current: () => T; close: () => void } {
  let text = readFileSync(path, 'utf8')
  let value = parse(text)
  const timer = setInterval(() => {
    try {
      const next = readFileSync(path, 'utf8')
      if (next === text) return
      text = next
      value = parse(next)
    } catch (error) {
      onReloadError(error)
    }
  }, intervalMs)
  timer.unref()
  return { current: () => value, close: () => clearInterval(timer) }
}
