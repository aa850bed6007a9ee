import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The manager's image: apps/server/Dockerfile. */
export const MANAGER_DOCKERFILE = new URL('../../../server/Dockerfile', import.meta.url)

/** The functions' image: apps/functions/Dockerfile (one file for every function). */
export const FUNCTIONS_DOCKERFILE = new URL('../../Dockerfile', import.meta.url)

/**
 * The NODE_OPTIONS an image runs with, read from its Dockerfile (the one place they are set), so
 * that the bundle tests and the benchmarks run a bundle as its image does. `text` is the
 * Dockerfile's content, read from `dockerfile` unless given.
 */
export function imageNodeOptions(dockerfile: URL, text = readFileSync(dockerfile, 'utf8')): string {
  const found = imageEnvValue(text, 'NODE_OPTIONS')
  if (found === undefined)
    throw new Error(`${fileURLToPath(dockerfile)} sets no NODE_OPTIONS="..."`)
  return found
}

/** The variables that bound an image's memory: its NODE_OPTIONS and, if set, MALLOC_ARENA_MAX. */
export function imageMemoryEnv(
  dockerfile: URL,
  text = readFileSync(dockerfile, 'utf8')
): { NODE_OPTIONS: string; MALLOC_ARENA_MAX?: string } {
  const arenas = imageEnvValue(text, 'MALLOC_ARENA_MAX')
  return {
    NODE_OPTIONS: imageNodeOptions(dockerfile, text),
    ...(arenas !== undefined && { MALLOC_ARENA_MAX: arenas }),
  }
}

/** The value an ENV instruction gives `name` (quoted or not, continued over lines or not). */
function imageEnvValue(text: string, name: string): string | undefined {
  const found = new RegExp(`^\\s*ENV\\s.*?\\b${name}=(?:"([^"]*)"|(\\S*))`, 'm').exec(
    text.replace(/\\\n/g, ' ')
  )
  return found ? (found[1] ?? found[2]) : undefined
}
