// Bundles each function entry into one self-contained ESM file: dist/<operation>.mjs, plus
// the Swagger UI files that /docs serves (read from beside the bundle, only when asked for).
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { build } from 'esbuild'

export const FUNCTIONS = ['list', 'status', 'start', 'stop', 'scale', 'mcp', 'hooks']

await Promise.all(
  FUNCTIONS.map((name) =>
    build({
      entryPoints: [`src/${name}.ts`],
      outfile: `dist/${name}.mjs`,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      sourcemap: 'linked',
      legalComments: 'none',
      // Some CommonJS dependencies call require(); give the ESM bundle one.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    })
  )
)

// Resolved from the handlers package, which depends on swagger-ui-dist.
const handlers = createRequire(import.meta.url).resolve('@mcp-lifecycle/handlers')
const swaggerUi = dirname(createRequire(handlers).resolve('swagger-ui-dist/package.json'))
mkdirSync('dist/swagger-ui-dist', { recursive: true })
for (const file of ['package.json', 'swagger-ui.css', 'swagger-ui-bundle.js']) {
  copyFileSync(`${swaggerUi}/${file}`, `dist/swagger-ui-dist/${file}`)
}
