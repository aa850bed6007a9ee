import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Writes `content` as JSON to a file `name` in a fresh temporary directory, and returns its
 * path: the tokens, subjects and webhook secrets files the tests hand to what reads them.
 */
export function writeTempJson(name: string, content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mcpl-')), name)
  writeFileSync(path, JSON.stringify(content))
  return path
}
