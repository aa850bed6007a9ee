import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: plain ESM of the build, no types
import { LAZY_MODULES } from '../lazy-modules.mjs'

interface LazyModule {
  importer: RegExp
  module: string
  calls?: string[]
  classes?: string[]
  objects?: Record<string, string[]>
}

const ROOT = new URL('../../../', import.meta.url).pathname
const packageDir = (from: string, name: string) =>
  dirname(createRequire(join(ROOT, from, 'package.json')).resolve(`${name}/package.json`))

// Where the importers of LAZY_MODULES live: every file under these is tested against each
// entry's importer pattern.
const SEARCHED = [
  join(packageDir('apps/functions', 'undici'), 'lib'),
  join(packageDir('packages/k8s-adapter', '@kubernetes/client-node'), 'dist'),
  join(packageDir('packages/observability', 'prom-client'), 'lib'),
  join(ROOT, 'packages/handlers/src'),
]

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(js|ts)$/.test(file))
    .map((file) => join(dir, file))
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** What `source` takes from `module`: named imports, and members read of a whole-module binding. */
function membersUsed(source: string, module: string): string[] {
  const from = `['"]${escape(module)}['"]`
  const used: string[] = []
  const whole = new RegExp(
    `import\\s+(?:\\*\\s+as\\s+)?(\\w+)\\s+from\\s*${from}|const\\s+(\\w+)\\s*=\\s*require\\(${from}\\)`,
    'g'
  )
  for (const match of source.matchAll(whole))
    for (const member of source.matchAll(new RegExp(`\\b${match[1] ?? match[2]}\\.(\\w+)`, 'g')))
      used.push(member[1]!)
  const named = new RegExp(
    `import\\s*\\{([^}]*)\\}\\s*from\\s*${from}|const\\s*\\{([^}]*)\\}\\s*=\\s*require\\(${from}\\)`,
    'g'
  )
  for (const match of source.matchAll(named))
    for (const part of (match[1] ?? match[2])!.split(',')) {
      const name = part.trim().split(/\s+as\s+|\s*:\s*/)[0]
      if (name) used.push(name)
    }
  return [...new Set(used)]
}

describe('the lazy stand-ins of the function bundles (lazy-modules.mjs, LAZY_MODULES)', () => {
  const files = SEARCHED.flatMap(filesUnder)

  it.each((LAZY_MODULES as LazyModule[]).map((lazy) => [lazy.module, lazy.importer, lazy]))(
    'offer every member of %s that %s uses, and the module has them',
    (_module, _importer, lazy) => {
      const importers = files.filter((file) => lazy.importer.test(file))
      expect(importers.length, 'the importer pattern matches a file').toBeGreaterThan(0)
      const objects = lazy.objects ?? {}
      const offered = [...(lazy.calls ?? []), ...(lazy.classes ?? []), ...Object.keys(objects)]
      for (const file of importers) {
        // Comments name members too (JSDoc types): left out.
        const source = readFileSync(file, 'utf8').replace(
          /\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm,
          '$1'
        )
        const used = membersUsed(source, lazy.module)
        expect(used.length, `${file} imports ${lazy.module}`).toBeGreaterThan(0)
        expect(offered, file).toEqual(expect.arrayContaining(used))
        for (const [name, methods] of Object.entries(objects)) {
          const called = [...source.matchAll(new RegExp(`\\b${name}\\.(\\w+)`, 'g'))]
          expect(methods, `${name} in ${file}`).toEqual(
            expect.arrayContaining(called.map((match) => match[1]))
          )
        }
      }
      const real = createRequire(importers[0]!)(lazy.module) as Record<string, unknown>
      for (const name of [...(lazy.calls ?? []), ...(lazy.classes ?? [])])
        expect(typeof real[name], `${lazy.module}.${name}`).toBe('function')
      for (const [name, methods] of Object.entries(objects))
        for (const method of methods)
          expect(typeof (real[name] as Record<string, unknown>)[method]).toBe('function')
    }
  )
})
