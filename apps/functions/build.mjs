// Bundles each function entry into one self-contained ESM file: dist/<operation>.mjs.
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
