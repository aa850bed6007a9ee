// Bundles each function entry into one self-contained CommonJS file, dist/<operation>.cjs, and
// puts beside them what the image holds with it: main.cjs (runs a bundle with its code cache),
// build-code-cache.cjs (the image build step that makes that cache, see image/main.cjs) with the
// key and certificate of its stand-in API server (warm-up-tls.json), and the Swagger UI files
// that /docs serves (read from beside the bundle, only when asked for).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { build } from 'esbuild'
import { generate } from 'selfsigned'
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

// The stand-in API server of build-code-cache.cjs speaks TLS, as a real one does, so that the
// client's TLS path is in the code cache: a key and certificate for 127.0.0.1, made
// at each build and used by nothing else (the image keeps only the cache).
const warmUpTls = await generate(
  [{ name: 'commonName', value: 'mcp-lifecycle code-cache warm-up' }],
  {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  }
)
writeFileSync(
  'dist/warm-up-tls.json',
  JSON.stringify({ key: warmUpTls.private, cert: warmUpTls.cert })
)

// Resolved from the handlers package, which depends on swagger-ui-dist.
const handlers = createRequire(import.meta.url).resolve('@mcp-lifecycle/handlers')
const swaggerUi = dirname(createRequire(handlers).resolve('swagger-ui-dist/package.json'))
mkdirSync('dist/swagger-ui-dist', { recursive: true })
for (const file of ['package.json', 'swagger-ui.css', 'swagger-ui-bundle.js']) {
  copyFileSync(`${swaggerUi}/${file}`, `dist/swagger-ui-dist/${file}`)
}
