// Bundles the manager (src/main.ts) into one self-contained ESM file, dist/manager.mjs, as
// apps/functions/build.mjs does for each function (same esbuild plugins, same banner), plus the
// files it reads from beside itself: the dashboard's page (page/, read once at the first
// request for it) and the Swagger UI files of /docs (swagger-ui-dist/, read only when asked for).
//
// Run from source, the manager loads every package's TypeScript through Node's type stripper
// and the full dependency trees; bundled and minified it starts with a fraction of that
// resident (bench/README.md, live view, 2026-12-03). The image (apps/server/Dockerfile) writes
// Node's compile cache of the bundle at build time: `node manager.mjs --build-compile-cache`.
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { build } from 'esbuild'
import { BUNDLE_PLUGINS } from '../functions/bundle-plugins.mjs'

const BANNER = [
  "import { createRequire as __createRequire, flushCompileCache as __flushCompileCache } from 'node:module';",
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  'const require = __createRequire(import.meta.url);',
  "if (process.argv[2] === '--build-compile-cache') { __flushCompileCache(); process.exit(0); }",
].join('\n')

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/manager.mjs',
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

const require = createRequire(import.meta.url)
// The dashboard reads its page from `page/` beside its module: beside the bundle, once bundled.
const dashboard = dirname(require.resolve('@mcp-lifecycle/dashboard'))
rmSync('dist/page', { recursive: true, force: true })
cpSync(`${dashboard}/page`, 'dist/page', { recursive: true })

// Resolved from the handlers package, which depends on swagger-ui-dist.
const handlers = require.resolve('@mcp-lifecycle/handlers')
const swaggerUi = dirname(createRequire(handlers).resolve('swagger-ui-dist/package.json'))
mkdirSync('dist/swagger-ui-dist', { recursive: true })
for (const file of ['package.json', 'swagger-ui.css', 'swagger-ui-bundle.js']) {
  copyFileSync(`${swaggerUi}/${file}`, `dist/swagger-ui-dist/${file}`)
}
