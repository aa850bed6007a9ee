import { describe, expect, it } from 'vitest'
import { LifecycleError, STATUS_BY_KIND, type ErrorKind } from './errors.ts'
import { toProblem } from './problem.ts'

describe('toProblem', () => {
  it.each(Object.entries(STATUS_BY_KIND) as [ErrorKind, number][])(
    'maps %s to %i',
    (kind, status) => {
      const problem = toProblem(new LifecycleError(kind, 'detail'))
      expect(problem.status).toBe(status)
      expect(problem.type).toBe(`https://mcp-lifecycle.dev/problems/${kind}`)
    }
  )
  it('names the invalid field', () => {
    const problem = toProblem(
      new LifecycleError('invalid', 'must be at most 10', { field: 'replicas' }),
      '/servers/a/scale'
    )
    expect(problem).toMatchObject({
      status: 400,
      instance: '/servers/a/scale',
      errors: [{ field: 'replicas', detail: 'must be at most 10' }],
    })
  })
  it('hides the message of an unexpected error', () => {
    const problem = toProblem(new Error('ECONNRESET at /var/secret/token'))
    expect(problem.status).toBe(500)
    expect(JSON.stringify(problem)).not.toContain('secret')
  })
  it('carries extensions such as the last seen status', () => {
    const problem = toProblem(
      new LifecycleError('timeout', 'late', { extensions: { server: { name: 'a' } } })
    )
    expect(problem.server).toEqual({ name: 'a' })
  })
})
