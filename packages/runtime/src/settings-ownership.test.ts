import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// Runtime owns every MCPL_* setting (issue 28): other packages take plain options, and their
// messages and comments speak of the operator's setting without naming it. Tests and testing/
// helpers may set variables; production sources may not even name one.
const ROOT = join(import.meta.dirname, '../../..')
const RUNTIME = join('packages', 'runtime')

/** Files that may still name a setting, each with its reason (none today). */
const NOT_YET_OWNED = new Set<string>()

function productionSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      return entry.name === 'testing' || entry.name === 'node_modules'
        ? []
        : productionSources(path)
    }
    return /\.(ts|mjs|js)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : []
  })
}

function workspaceSourceDirs(): string[] {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(ROOT, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => ['src', 'bin'].map((dir) => join(ROOT, group, entry.name, dir)))
      .filter((dir) => existsSync(dir))
  )
}

const naming = workspaceSourceDirs()
  .flatMap(productionSources)
  .map((path) => relative(ROOT, path))
  .filter((path) => !path.startsWith(RUNTIME + '/'))
  .filter((path) => readFileSync(join(ROOT, path), 'utf8').includes('MCPL_'))

describe('settings ownership', () => {
  it('reads production sources of every package and app', () => {
    expect(workspaceSourceDirs().flatMap(productionSources).length).toBeGreaterThan(100)
  })

  it('finds MCPL_ in no production file outside runtime', () => {
    expect(naming.filter((path) => !NOT_YET_OWNED.has(path))).toEqual([])
  })

  it('keeps no exception that no longer names a setting', () => {
    expect([...NOT_YET_OWNED].filter((path) => !naming.includes(path))).toEqual([])
  })
})
