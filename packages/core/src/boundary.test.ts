import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Core stays pure: no Kubernetes client, no HTTP framework, no I/O modules. Tests may use
// node: modules (this file does), so only non-test sources are checked.
const FORBIDDEN =
  /from\s+['"](@kubernetes\/client-node|hono|@hono\/[^'"]+|node:[^'"]+|fs|net|http|https|child_process)['"]/

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('core boundary', () => {
  const files = sources(import.meta.dirname)
  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(10)
  })
  it.each(files)('%s imports no Kubernetes, Hono or node: I/O module', (file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(FORBIDDEN)
  })
})
