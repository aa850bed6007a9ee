// The builds the benchmarks run as their images run them: where `pnpm --filter ... build` writes
// them (bench/run.sh builds both), the environment and NODE_OPTIONS of each image, and the caches
// an image's build step writes beside its bundle.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import {
  FUNCTIONS_DOCKERFILE,
  imageMemoryEnv,
  imageNodeOptions,
  MANAGER_DOCKERFILE,
} from '@mcp-lifecycle/functions/testing'
import { MCP_SELECTOR } from './lib.ts'

/** The manager's bundle (apps/server/build.mjs). */
export const MANAGER_BUNDLE = new URL('../apps/server/dist/manager.mjs', import.meta.url).pathname
/** The functions' sources and image files (apps/functions). */
export const FUNCTIONS_DIR = new URL('../apps/functions/', import.meta.url).pathname
/** The function bundles, main.cjs and build-code-cache.cjs (apps/functions/build.mjs). */
export const FUNCTIONS_DIST = join(FUNCTIONS_DIR, 'dist/')

/** What every process run as shipped is told: the bench's namespace, its servers, no reaper. */
export function serverEnv(namespace: string): Record<string, string> {
  return { MCPL_NAMESPACE: namespace, MCPL_SELECTOR: MCP_SELECTOR, MCPL_REAPER: 'off' }
}

/** A process's environment as its image sets it, NODE_OPTIONS included. */
export type ImageEnv = Record<string, string> & { NODE_OPTIONS: string }

/** The manager's environment as its image sets it (apps/server/Dockerfile). */
export function managerEnv(namespace: string): ImageEnv {
  return { ...serverEnv(namespace), ...imageMemoryEnv(MANAGER_DOCKERFILE) }
}

/** A function's environment as its image sets it (apps/functions/Dockerfile). */
export function functionEnv(namespace: string): ImageEnv {
  return { ...serverEnv(namespace), NODE_OPTIONS: imageNodeOptions(FUNCTIONS_DOCKERFILE) }
}

/** Writes Node's compile cache of `bundle` into `dir`, as the manager's image build does; returns `dir`. */
export function compileCache(bundle: string, dir: string): string {
  const built = spawnSync(process.execPath, [bundle, '--build-compile-cache'], {
    env: { ...process.env, NODE_COMPILE_CACHE: dir },
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`${bundle} --build-compile-cache: ${built.stderr}`)
  return dir
}

/** The functions' image build step: `node build-code-cache.cjs <bundle>` (apps/functions/Dockerfile). */
export function buildFunctionCodeCache(bundle: string, nodeOptions: string): void {
  const built = spawnSync(
    process.execPath,
    [join(FUNCTIONS_DIST, 'build-code-cache.cjs'), bundle],
    {
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: nodeOptions },
      encoding: 'utf8',
    }
  )
  if (built.status !== 0)
    throw new Error(`build-code-cache.cjs ${bundle}: exit ${built.status}: ${built.stderr}`)
}
