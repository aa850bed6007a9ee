import { describe, expect, it } from 'vitest'
import {
  FUNCTIONS_DOCKERFILE,
  imageMemoryEnv,
  imageNodeOptions,
  MANAGER_DOCKERFILE,
} from './node-options.ts'

describe('imageNodeOptions', () => {
  it('reads the options from an ENV instruction, continued over lines or not', () => {
    const continued = 'FROM x\nENV A=1 \\\n    NODE_OPTIONS="--max-old-space-size=96"\nCMD ["a"]\n'
    expect(imageNodeOptions(MANAGER_DOCKERFILE, continued)).toBe('--max-old-space-size=96')
    expect(imageNodeOptions(MANAGER_DOCKERFILE, 'ENV NODE_OPTIONS="--x --y"\n')).toBe('--x --y')
  })

  it('names the Dockerfile when it sets none', () => {
    expect(() => imageNodeOptions(MANAGER_DOCKERFILE, 'FROM x\nENV NODE_ENV=production\n')).toThrow(
      /apps\/server\/Dockerfile sets no NODE_OPTIONS/
    )
  })

  it.each([
    ['manager', MANAGER_DOCKERFILE],
    ['functions', FUNCTIONS_DOCKERFILE],
  ])('finds heap bounds in the %s Dockerfile, and Node accepts them', (_, dockerfile) => {
    const options = imageNodeOptions(dockerfile)
    expect(options).toMatch(/--max-old-space-size=\d+/)
    for (const flag of options.split(' '))
      expect(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0]!), flag).toBe(true)
  })
})

describe('imageMemoryEnv', () => {
  it('reads MALLOC_ARENA_MAX beside NODE_OPTIONS, quoted or not, and leaves it out when unset', () => {
    const both = 'ENV NODE_OPTIONS="--x" \\\n    MALLOC_ARENA_MAX=2\n'
    expect(imageMemoryEnv(MANAGER_DOCKERFILE, both)).toEqual({
      NODE_OPTIONS: '--x',
      MALLOC_ARENA_MAX: '2',
    })
    expect(
      imageMemoryEnv(MANAGER_DOCKERFILE, 'ENV MALLOC_ARENA_MAX="1" NODE_OPTIONS="--y"\n')
    ).toEqual({ NODE_OPTIONS: '--y', MALLOC_ARENA_MAX: '1' })
    expect(imageMemoryEnv(MANAGER_DOCKERFILE, 'ENV NODE_OPTIONS="--z"\n')).toEqual({
      NODE_OPTIONS: '--z',
    })
  })

  it('gives the manager two malloc arenas, not eight per core', () => {
    expect(imageMemoryEnv(MANAGER_DOCKERFILE).MALLOC_ARENA_MAX).toBe('2')
  })
})
