import { isLifecycleError } from '@mcp-lifecycle/core'
import { describe, expect, it } from 'vitest'
import { parseArguments } from './parse-arguments.ts'
import { createToolSchemas } from './tool-schemas.ts'

const schemas = createToolSchemas({ maxReplicas: 5, maxTimeoutSeconds: 120 })

function failure(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (isLifecycleError(error))
      return { kind: error.kind, field: error.field, message: error.message }
    throw error
  }
  throw new Error('expected a failure')
}

describe('parseArguments', () => {
  it('fills in the defaults of core', () => {
    expect(parseArguments(schemas.start_mcp, { name: 'weather' })).toEqual({
      name: 'weather',
      wait_ready: true,
      timeout: 120,
    })
    expect(parseArguments(schemas.stop_mcp, { name: 'weather' })).toEqual({
      name: 'weather',
      force: false,
    })
    expect(parseArguments(schemas.scale_mcp, { name: 'w', replicas: 0 })).toEqual({
      name: 'w',
      replicas: 0,
      wait_ready: false,
      timeout: 120,
    })
  })

  it('reads absent arguments as none', () => {
    expect(parseArguments(schemas.list_mcp_servers, undefined)).toEqual({})
  })

  it.each([
    [{ name: 'w', replicas: '2' }, 'replicas', 'replicas: must be a number'],
    [{ name: 'w', replicas: -1 }, 'replicas', 'replicas: must be at least 0'],
    [{ name: 'w' }, 'replicas', 'replicas: is required'],
    [{ replicas: 1 }, 'name', 'name: is required'],
    [{ name: 'a/b', replicas: 1 }, 'name', 'name: must be a DNS-1123 label'],
    [{ name: 'x'.repeat(64), replicas: 1 }, 'name', 'name: must be at most 63 characters'],
    [
      { name: 'w', replica: 1 },
      'replica',
      'replica: unknown argument; the arguments are name, namespace, replicas, wait_ready, timeout',
    ],
    [{ name: 'w', replicas: 1, timeout: 0 }, 'timeout', 'timeout: must be at least 1 second'],
  ])('refuses %j naming the argument', (args, field, message) => {
    expect(failure(() => parseArguments(schemas.scale_mcp, args))).toEqual({
      kind: 'invalid',
      field,
      message: expect.stringContaining(message),
    })
  })

  // Arguments are caller-supplied keys: a name a plain object inherits is still unknown.
  it.each([
    ['constructor', { name: 'w', constructor: 1 }],
    ['toString', { name: 'w', toString: 'yes' }],
    ['__proto__', JSON.parse('{"name":"w","__proto__":{"force":true}}') as Record<string, unknown>],
  ])('refuses an argument named %s as unknown', (field, args) => {
    expect(failure(() => parseArguments(schemas.stop_mcp, args))).toEqual({
      kind: 'invalid',
      field,
      message: expect.stringContaining(`${field}: unknown argument`),
    })
  })

  it('reads only the arguments the caller sent, never inherited ones', () => {
    const inherited = Object.create({ name: 'weather', force: true }) as Record<string, unknown>
    expect(failure(() => parseArguments(schemas.stop_mcp, inherited))).toMatchObject({
      field: 'name',
      message: 'name: is required',
    })
  })
})
