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
  const found = /^\s*(?:ENV\s.*?)?NODE_OPTIONS="([^"]*)"/m.exec(text.replace(/\\\n/g, ' '))
  if (!found) throw new Error(`${fileURLToPath(dockerfile)} sets no NODE_OPTIONS="..."`)
  return found[1]!
}
