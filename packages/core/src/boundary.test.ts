import { readdirSync, readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Core stays pure: no Kubernetes client, no HTTP framework, no Node.js module (node: or bare,
// like `fs`). Tests may use node: modules (this file does), so only non-test sources are checked.
const forbidden = (specifier: string) =>
  isBuiltin(specifier) || /^(@kubernetes\/|hono$|hono\/|@hono\/)/.test(specifier)

// Each form that loads a module, capturing its specifier. Comments are not skipped: a forbidden
// import in a comment is reported too, which errs on the safe side.
const IMPORT_FORMS = [
  // import x from 'm', import type { X } from 'm', export { x } from 'm', export * from 'm'
  /\b(?:import|export)\s[^;'"`]*?\bfrom\s*(?<q>['"])(?<specifier>[^'"\n]+)\k<q>/g,
  // import 'm', loaded for its side effects only: a statement of its own
  /(?:^|;)\s*import\s*(?<q>['"])(?<specifier>[^'"\n]+)\k<q>/gm,
  // import('m'), require('m'), import x = require('m')
  /\b(?:import|require)\s*\(\s*(?<q>['"`])(?<specifier>[^'"`\n]+)\k<q>/g,
]

/** The module specifiers a source loads, in source order. */
function importedModules(source: string): string[] {
  return IMPORT_FORMS.flatMap((form) => [...source.matchAll(form)])
    .sort((a, b) => a.index - b.index)
    .map((match) => match.groups!.specifier!)
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('importedModules', () => {
  it.each([
    ['a default import', `import fs from 'node:fs'`, ['node:fs']],
    ['named imports over lines', `import {\n  readFileSync,\n  watch,\n} from "fs"`, ['fs']],
    ['a type import', `import type { Hono } from 'hono'`, ['hono']],
    [
      'a namespace import',
      `import * as k8s from '@kubernetes/client-node'`,
      ['@kubernetes/client-node'],
    ],
    ['a side-effect import', `import 'node:fs'`, ['node:fs']],
    ['a side-effect import without a space', `import"node:net"`, ['node:net']],
    ['a dynamic import', `const fs = await import('node:fs')`, ['node:fs']],
    ['a dynamic import with spaces and a template', 'await import ( `node:http` )', ['node:http']],
    ['a require call', `const cp = require('child_process')`, ['child_process']],
    ['an import-equals', `import cp = require('child_process')`, ['child_process']],
    ['a named re-export', `export { serve } from '@hono/node-server'`, ['@hono/node-server']],
    ['a star re-export', `export * from 'node:fs'`, ['node:fs']],
    ['a namespace re-export', `export * as fs from 'node:fs'`, ['node:fs']],
    ['a type re-export', `export type { Context } from 'hono'`, ['hono']],
  ])('finds %s', (_form, source, modules) => {
    expect(importedModules(source)).toEqual(modules)
  })

  it('finds every import of a file, in order, and nothing else', () => {
    const source = [
      `import * as v from 'valibot'`,
      `import './polyfill.ts'`,
      `export { x } from './x.ts'`,
      `const name = 'not an import'`,
      `const note = "read from 'disk'"`,
      `export const y = 1`,
      `const later = () => import('./lazy.ts')`,
    ].join('\n')
    expect(importedModules(source)).toEqual(['valibot', './polyfill.ts', './x.ts', './lazy.ts'])
  })
})

describe('core boundary', () => {
  it.each([
    ['node:fs', true],
    ['fs', true],
    ['child_process', true],
    ['hono', true],
    ['hono/body-limit', true],
    ['@hono/node-server', true],
    ['@kubernetes/client-node', true],
    ['valibot', false],
    ['./errors.ts', false],
    ['honorific', false],
  ])('forbids %s: %s', (specifier, expected) => {
    expect(forbidden(specifier)).toBe(expected)
  })

  const files = sources(import.meta.dirname)
  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(10)
  })
  it.each(files)('%s imports no Kubernetes, Hono or Node.js module', (file) => {
    const modules = importedModules(readFileSync(file, 'utf8'))
    expect(modules.filter(forbidden)).toEqual([])
  })
})
