import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { createWebhookSchema } from './actions.ts'
import { createRequestSchemas } from './requests.ts'
import { parseInput } from './invalid-input.ts'

const schemas = createRequestSchemas()
const failure = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return error as { kind: string; message: string; field: string }
  }
  throw new Error('expected a failure')
}

describe('parseInput', () => {
  it('names a misspelt key before the missing one, with the keys that are taken', () => {
    const error = failure(() =>
      parseInput(schemas.scale, { replica: 2 }, { noun: 'field', whole: 'body' })
    )
    expect(error).toMatchObject({ kind: 'invalid', field: 'replica' })
    expect(error.message).toBe(
      'replica: unknown field; the fields are replicas, wait_ready, timeout'
    )
  })

  it('says a required key is required', () => {
    const error = failure(() => parseInput(schemas.scale, {}, { noun: 'field', whole: 'body' }))
    expect(error.message).toBe('replicas: is required')
  })

  it('lists the keys of the variant the input chose', () => {
    const error = failure(() =>
      parseInput(
        createWebhookSchema(),
        { action: 'stop', name: 'a', grace: 0 },
        { noun: 'field', whole: 'body' }
      )
    )
    expect(error.message).toBe(
      'grace: unknown field; the fields are action, name, namespace, force'
    )
  })

  it('prefixes nested inputs and names the whole input when there is no path', () => {
    expect(
      failure(() =>
        parseInput(
          schemas.scale,
          { replicas: -1 },
          { noun: 'field', whole: 'body', prefix: 'data' }
        )
      ).field
    ).toBe('data.replicas')
    expect(
      failure(() => parseInput(v.object({}), 'text', { noun: 'field', whole: 'body' })).field
    ).toBe('body')
  })
})
