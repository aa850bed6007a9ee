// Bundles each function entry into one self-contained CommonJS file, dist/<operation>.cjs, and
// puts beside them what the image holds with it: main.cjs (runs a bundle with its code cache),
// build-code-cache.cjs (the image build step that makes that cache, see image/main.cjs), and the
// Swagger UI files that /docs serves (read from beside the bundle, only when asked for).
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { build } from 'esbuild'
import { FUNCTION_BUNDLE_OPTIONS } from './bundle-plugins.mjs'

export const FUNCTIONS = ['list', 'status', 'start', 'stop', 'scale', 'mcp', 'hooks']

await Promise.all(
  FUNCTIONS.map((name) =>
    build({
      ...FUNCTION_BUNDLE_OPTIONS,
      entryPoints: [`src/${name}.ts`],
      outfile: `dist/${name}.cjs`,
      sourcemap: 'linked',
    })
  )
)
mkdirSync('dist', { recursive: true })
for (const file of ['main.cjs', 'build-code-cache.cjs'])
  copyFileSync(`image/${file}`, `dist/${file}`)

// Resolved from the handlers package, which depends on swagger-ui-dist.
const handlers = createRequire(import.meta.url).resolve('@mcp-lifecycle/handlers')
const swaggerUi = dirname(createRequire(handlers).resolve('swagger-ui-dist/package.json'))
mkdirSync('dist/swagger-ui-dist', { recursive: true })
for (const file of ['package.json', 'swagger-ui.css', 'swagger-ui-bundle.js']) {
  copyFileSync(`${swaggerUi}/${file}`, `dist/swagger-ui-dist/${file}`)
}
