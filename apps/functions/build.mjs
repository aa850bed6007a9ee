// Bundles each function entry into one self-contained ESM file: dist/<operation>.mjs, plus
// the Swagger UI files that /docs serves (read from beside the bundle, only when asked for).
//
// Compile cache: parsing and compiling the ~3 MB bundle is the largest part of a cold start. The
// image runs `node function.mjs --build-compile-cache` once at build time with NODE_COMPILE_CACHE
// set (apps/functions/Dockerfile): the bundle is compiled by then, the banner below writes Node's
// code cache of it and exits before anything starts. At run time Node reads that cache and skips
// the compile; the read-only root filesystem only stops it from writing a new one.
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { build } from 'esbuild'
import { BUNDLE_PLUGINS } from './bundle-plugins.mjs'

export const FUNCTIONS = ['list', 'status', 'start', 'stop', 'scale', 'mcp', 'hooks']

const BANNER = [
  "import { createRequire as __createRequire, flushCompileCache as __flushCompileCache } from 'node:module';",
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  'const require = __createRequire(import.meta.url);',
  "if (process.argv[2] === '--build-compile-cache') { __flushCompileCache(); process.exit(0); }",
].join('\n')

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
      banner: { js: BANNER },
      logLevel: 'warning',
      plugins: BUNDLE_PLUGINS,
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
