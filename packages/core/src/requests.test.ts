import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { createRequestSchemas } from './requests.ts'

const schemas = createRequestSchemas({ maxReplicas: 10, maxTimeoutSeconds: 600 })

function issuePath(schema: v.GenericSchema, input: unknown): string | null {
  const result = v.safeParse(schema, input)
  return result.success ? null : (v.getDotPath(result.issues[0]) ?? '')
}

describe('start request', () => {
  it('defaults to waiting 300 s for readiness', () => {
    expect(v.parse(schemas.start, {})).toEqual({ wait_ready: true, timeout: 300 })
  })
  it.each([
    ['a string wait_ready', { wait_ready: 'yes' }, 'wait_ready'],
    ['a zero timeout', { timeout: 0 }, 'timeout'],
    ['a fractional timeout', { timeout: 1.5 }, 'timeout'],
    ['a timeout over the cap', { timeout: 601 }, 'timeout'],
    ['a string timeout', { timeout: '30' }, 'timeout'],
    ['an unknown key', { wait: true }, 'wait'],
  ])('refuses %s, naming the field', (_case, input, field) => {
    expect(issuePath(schemas.start, input)).toBe(field)
  })
})

describe('stop request', () => {
  it('defaults to a graceful stop', () => {
    expect(v.parse(schemas.stop, {})).toEqual({ force: false })
  })
  it('refuses a non-boolean force', () => {
    expect(issuePath(schemas.stop, { force: 'true' })).toBe('force')
  })
})

describe('scale request', () => {
  it('defaults to not waiting', () => {
    expect(v.parse(schemas.scale, { replicas: 2 })).toEqual({
      replicas: 2,
      wait_ready: false,
      timeout: 300,
    })
  })
  it.each([0, 1, 10])('accepts %i replicas', (replicas) => {
    expect(issuePath(schemas.scale, { replicas })).toBeNull()
  })
  it.each([
    ['missing replicas', {}],
    ['negative replicas', { replicas: -1 }],
    ['replicas over the maximum', { replicas: 11 }],
    ['huge replicas', { replicas: 1e20 }],
    ['fractional replicas', { replicas: 1.5 }],
    ['replicas as a string', { replicas: '2' }],
    ['replicas as NaN', { replicas: Number.NaN }],
    ['replicas as Infinity', { replicas: Number.POSITIVE_INFINITY }],
  ])('refuses %s, naming replicas', (_case, input) => {
    expect(issuePath(schemas.scale, input)).toBe('replicas')
  })
  it('honours a configured maximum', () => {
    const tight = createRequestSchemas({ maxReplicas: 2, maxTimeoutSeconds: 60 })
    expect(issuePath(tight.scale, { replicas: 3 })).toBe('replicas')
  })
})
