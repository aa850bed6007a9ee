import { describe, expect, it } from 'vitest'
import { imageNodeOptions } from './node-options.ts'

describe('imageNodeOptions', () => {
  it('reads the options from an ENV instruction, continued over lines or not', () => {
    const continued = 'FROM x\nENV A=1 \\\n    NODE_OPTIONS="--max-old-space-size=96"\nCMD ["a"]\n'
    expect(imageNodeOptions(continued)).toBe('--max-old-space-size=96')
    expect(imageNodeOptions('ENV NODE_OPTIONS="--x --y"\n')).toBe('--x --y')
  })

  it('says so when the Dockerfile sets none', () => {
    expect(() => imageNodeOptions('FROM x\nENV NODE_ENV=production\n')).toThrow(/NODE_OPTIONS/)
  })

  it('finds the options in the functions Dockerfile, and Node accepts them', () => {
    const options = imageNodeOptions()
    expect(options).toMatch(/--max-old-space-size=\d+/)
    for (const flag of options.split(' '))
      expect(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0]!), flag).toBe(true)
  })
})
