import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Shared by the bundle tests of the functions and of the manager: when a bundle is stale, and
// how its image runs it.

const repoDir = fileURLToPath(new URL('../../../..', import.meta.url))

/** Node's permission model: read anything, write nothing (no fs writes, no workers, no child processes). */
export const READ_ONLY = ['--permission', '--allow-fs-read=*']

/** A file's modification time, 0 when it does not exist. */
export const modifiedTime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0)

/** What the function bundles are built with, besides the sources (paths from the repository root). */
const FUNCTION_BUILD_FILES = [
  'apps/functions/build.mjs',
  'apps/functions/bundle-plugins.mjs',
  'apps/functions/lazy-modules.mjs',
  'apps/functions/image',
]

/** What the manager's bundle is built with: its build script and the functions' plugins. */
export const MANAGER_BUILD_FILES = [
  'apps/server/build.mjs',
  'apps/functions/bundle-plugins.mjs',
  'apps/functions/lazy-modules.mjs',
]

/**
 * Newest modification time of what a bundle is built from: every package's and app's sources
 * and manifest, the lockfile, and `buildFiles` (paths from the repository root).
 */
export function newestBundleInput(buildFiles: string[]): number {
  let newest = 0
  const visit = (path: string) => {
    const stat = statSync(path)
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry))
    } else if (!path.endsWith('.test.ts')) {
      newest = Math.max(newest, stat.mtimeMs)
    }
  }
  for (const group of ['packages', 'apps']) {
    for (const pkg of readdirSync(join(repoDir, group))) {
      const src = join(repoDir, group, pkg, 'src')
      if (existsSync(src)) visit(src)
      const manifest = join(repoDir, group, pkg, 'package.json')
      if (existsSync(manifest)) visit(manifest)
    }
  }
  for (const file of [...buildFiles, 'pnpm-lock.yaml']) visit(join(repoDir, file))
  return newest
}

/**
 * Rebuilds the function bundles (a few seconds) unless each of `names` (dist/<name>.cjs) is newer
 * than every input; returns the newest input's time, which every bundle must pass afterwards.
 */
export function ensureFreshFunctionBundles(names: string[]): number {
  const functionsDir = join(repoDir, 'apps', 'functions')
  const newest = newestBundleInput(FUNCTION_BUILD_FILES)
  const bundleTime = (name: string) => modifiedTime(join(functionsDir, 'dist', `${name}.cjs`))
  if (names.some((name) => bundleTime(name) <= newest))
    execFileSync(process.execPath, ['build.mjs'], { cwd: functionsDir, stdio: 'pipe' })
  return newest
}
