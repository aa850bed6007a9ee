import { LifecycleError, toProblem } from '@mcp-lifecycle/core'
import { describe, expect, it } from 'vitest'
import { fromProblem } from './from-problem.ts'

describe('fromProblem', () => {
  it('gives back the error the server threw, so its problem prints the same', () => {
    const thrown = new LifecycleError('timeout', "'x' did not reach 1 ready replica", {
      extensions: { server: { name: 'x', status: 'pending' } },
    })
    const problem = toProblem(thrown, '/servers/x/start')
    const error = fromProblem(504, problem, 'http://m/')
    expect(error).toMatchObject({ kind: 'timeout', status: 504, message: thrown.message })
    expect(toProblem(error)).toEqual(toProblem(thrown))
  })

  it('keeps the field of a 400', () => {
    const problem = toProblem(
      new LifecycleError('invalid', 'replicas: must be at most 10', { field: 'replicas' })
    )
    expect(fromProblem(400, problem, 'http://m/')).toMatchObject({
      kind: 'invalid',
      field: 'replicas',
    })
  })

  it('reads the kind from the status when the type is not one of ours', () => {
    const error = fromProblem(
      404,
      { type: 'about:blank', title: 'Not Found', status: 404 },
      'http://m/'
    )
    expect(error).toMatchObject({ kind: 'not-found', status: 404 })
  })

  it.each([
    [502, 'unavailable'],
    [418, 'internal'],
    [401, 'unauthorized'],
  ])('turns an HTTP %i that is not a problem (a proxy page) into a %s error', (status, kind) => {
    const error = fromProblem(status, undefined, 'http://m/')
    expect(error).toMatchObject({ kind, message: `http://m/ answered HTTP ${status}.` })
  })
})
