import { readFileSync } from 'node:fs'
import { LifecycleError } from '@mcp-lifecycle/core'
import { describe, expect, it } from 'vitest'
import { DOCS_ASSETS, loadDocsAssets } from './docs-assets.ts'

describe('loadDocsAssets', () => {
  it('reads every asset, and the version of the swagger-ui-dist pinned in package.json', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    const pinned = manifest.dependencies['swagger-ui-dist']
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/)
    const assets = await loadDocsAssets()
    expect(assets.version).toBe(pinned)
    for (const path of Object.keys(DOCS_ASSETS) as (keyof typeof DOCS_ASSETS)[]) {
      expect(assets.contents[path].length, path).toBeGreaterThan(1000)
    }
  })

  it('answers 404 where swagger-ui-dist is not installed, as in a function image', async () => {
    const absent = (file: string) => {
      throw Object.assign(new Error(`Cannot find module 'swagger-ui-dist/${file}'`), {
        code: 'MODULE_NOT_FOUND',
      })
    }
    const failure = await loadDocsAssets(absent).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(LifecycleError)
    expect(failure).toMatchObject({ status: 404, title: 'API docs not available' })
  })
})
