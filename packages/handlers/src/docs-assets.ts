import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { LifecycleError } from '@mcp-lifecycle/core'

/**
 * The files of Swagger UI that /docs needs, by the path the app serves them under: from the
 * app itself, not a CDN, so that /docs works in a cluster without internet.
 */
export const DOCS_ASSETS = {
  '/docs/swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  '/docs/swagger-ui-bundle.js': {
    file: 'swagger-ui-bundle.js',
    type: 'text/javascript; charset=utf-8',
  },
} as const

export type DocsAssetPath = keyof typeof DOCS_ASSETS

export interface DocsAssets {
  /** Of the swagger-ui-dist package: the pages' URLs carry it, so an upgrade is not cached. */
  version: string
  contents: Record<DocsAssetPath, string>
}

/** Where a file of the swagger-ui-dist package is. */
export type LocateDocsFile = (file: string) => string

/**
 * The installed package (the server, tests); else a copy in `swagger-ui-dist/` beside the
 * running file, which is how a function image, one bundle and no node_modules, can carry it.
 * Resolved at the call, not at import.
 */
const inSwaggerUiDist: LocateDocsFile = (file) => {
  try {
    return createRequire(import.meta.url).resolve(`swagger-ui-dist/${file}`)
  } catch {
    return fileURLToPath(new URL(`swagger-ui-dist/${file}`, import.meta.url))
  }
}

/**
 * Reads Swagger UI's files (about 2 MB): call it on the first /docs request, not at start-up.
 * Answers 404 when they are nowhere to be found (a function image without the copy).
 */
export async function loadDocsAssets(locate = inSwaggerUiDist): Promise<DocsAssets> {
  const paths = Object.keys(DOCS_ASSETS) as DocsAssetPath[]
  try {
    const read = (file: string) => readFile(locate(file), 'utf8')
    const [pkg, ...files] = await Promise.all([
      read('package.json'),
      ...paths.map((path) => read(DOCS_ASSETS[path].file)),
    ])
    return {
      version: (JSON.parse(pkg!) as { version: string }).version,
      contents: Object.fromEntries(
        paths.map((path, i) => [path, files[i]!])
      ) as DocsAssets['contents'],
    }
  } catch (cause) {
    throw new LifecycleError(
      'not-found',
      'Swagger UI is not part of this build; the API document is at /openapi.json.',
      { title: 'API docs not available', cause }
    )
  }
}
