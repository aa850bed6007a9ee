import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// One seam per process (issue 28): runtime builds the adapter from the settings; an app gets
// its ports from runtime and never builds them itself. Apps may use the adapter in their tests.
const APPS = join(import.meta.dirname, '../../../apps')
const ADAPTER = '@mcp-lifecycle/k8s-adapter'
/** The example MCP server's pod harness runs real processes for kwok pods: a test harness. */
const HARNESS = 'example-mcp-server'

const apps = readdirSync(APPS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== HARNESS)
  .map((entry) => entry.name)

/** An app's sources that ship: not its tests, fixtures or testing/ helpers. */
function shippedSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : shippedSources(path)
    return /\.(ts|mjs|cjs|js)$/.test(entry.name) && !/(\.test|fixture)\.ts$/.test(entry.name)
      ? [path]
      : []
  })
}

describe('the adapter seam', () => {
  it.each(apps)('%s ships no import of the adapter', (app) => {
    const importing = shippedSources(join(APPS, app, 'src')).filter((path) =>
      readFileSync(path, 'utf8').includes(`'${ADAPTER}`)
    )
    expect(importing).toEqual([])
  })

  it.each(apps)('%s declares the adapter for its tests alone', (app) => {
    const manifest = JSON.parse(readFileSync(join(APPS, app, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>
    }
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain(ADAPTER)
  })
})
