import { createRequestSchemas, LifecycleError } from '@mcp-lifecycle/core'
import { describe, expect, it } from 'vitest'
import { parseName, parseRequest, toNumber } from './parse-input.ts'

const schemas = createRequestSchemas({ maxReplicas: 5, maxTimeoutSeconds: 60 })

function failure(run: () => unknown): LifecycleError {
  try {
    run()
  } catch (error) {
    if (error instanceof LifecycleError) return error
    throw error
  }
  throw new Error('expected a LifecycleError')
}

describe('parseName', () => {
  it('accepts a DNS-1123 label', () => {
    expect(parseName('weather-2')).toBe('weather-2')
  })

  it.each(['Weather', '-x', 'a/b', '', 'a'.repeat(64)])('refuses %j naming the field', (text) => {
    const error = failure(() => parseName(text))
    expect(error).toMatchObject({ kind: 'invalid', field: 'name' })
    expect(error.message).toMatch(/^name: /)
  })
})

describe('toNumber', () => {
  it.each([
    ['3', 3],
    ['1.5', 1.5],
    ['-1', -1],
    ['', ''],
    ['abc', 'abc'],
    ['0x10', '0x10'],
    ['1e3', '1e3'],
    [undefined, undefined],
  ])('reads %j as %j', (text, expected) => {
    expect(toNumber(text)).toBe(expected)
  })
})

describe('parseRequest with the API schemas', () => {
  it('applies the API defaults to the request, and leaves them out of the body sent over HTTP', () => {
    expect(parseRequest(schemas.start, { wait_ready: true, timeout: undefined })).toEqual({
      request: { wait_ready: true, timeout: 60 },
      body: { wait_ready: true },
    })
    expect(parseRequest(schemas.scale, { replicas: 2, timeout: 30 }).body).toEqual({
      replicas: 2,
      timeout: 30,
    })
  })

  it.each([
    [{ replicas: toNumber('abc') }, 'replicas', 'replicas: must be a number'],
    [{ replicas: toNumber('1.5') }, 'replicas', 'replicas: must be a whole number'],
    [{ replicas: toNumber('-1') }, 'replicas', 'replicas: must be at least 0'],
    [{ replicas: toNumber('6') }, 'replicas', 'replicas: must be at most 5'],
    [{ replicas: 1, timeout: toNumber('0') }, 'timeout', 'timeout: must be at least 1 second'],
    [{ replicas: 1, timeout: toNumber('61') }, 'timeout', 'timeout: must be at most 60 seconds'],
  ])('refuses %j naming %s', (input, field, message) => {
    expect(failure(() => parseRequest(schemas.scale, input))).toMatchObject({
      kind: 'invalid',
      field,
      message,
    })
  })
})
