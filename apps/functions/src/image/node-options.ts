import { readFileSync } from 'node:fs'

const DOCKERFILE = new URL('../../Dockerfile', import.meta.url)

/**
 * The NODE_OPTIONS a function's image runs with, read from its Dockerfile (the one place they
 * are set), so that the bundle test and the benchmarks run the bundles as the image does.
 */
export function imageNodeOptions(dockerfile = readFileSync(DOCKERFILE, 'utf8')): string {
  const found = /^\s*(?:ENV\s.*?)?NODE_OPTIONS="([^"]*)"/m.exec(dockerfile.replace(/\\\n/g, ' '))
  if (!found) throw new Error('apps/functions/Dockerfile sets no NODE_OPTIONS="..."')
  return found[1]!
}
