import { LifecycleError, parseInput } from '@mcp-lifecycle/core'
import type { Context, MiddlewareHandler } from 'hono'
import * as v from 'valibot'

type Target = 'param' | 'query' | 'json'

const WORDING = {
  param: { noun: 'path parameter', whole: 'path' },
  query: { noun: 'query parameter', whole: 'query' },
  json: { noun: 'field', whole: 'body' },
} as const

/**
 * Validates one part of the request with a core schema and stores the output where
 * `c.req.valid(target)` reads it. The first issue becomes a 400 problem naming the field;
 * nothing past this point sees unvalidated input.
 */
export function validate<Schema extends v.GenericSchema, T extends Target>(
  target: T,
  schema: Schema
): MiddlewareHandler<
  any,
  string,
  { in: { [K in T]: v.InferInput<Schema> }; out: { [K in T]: v.InferOutput<Schema> } }
> {
  return async (c, next) => {
    const output = parseInput(schema, await readTarget(c, target), WORDING[target])
    c.req.addValidatedData(target, output as object)
    await next()
  }
}

async function readTarget(c: Context, target: Target): Promise<unknown> {
  if (target === 'param') return c.req.param()
  if (target === 'query') return c.req.query()
  return readJsonBody(c)
}

/** An absent body means "all defaults"; a present one must be a JSON object. */
async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') return {}
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!/^application\/([\w.-]+\+)?json$/.test(mediaType)) {
    throw new LifecycleError('invalid', 'body: send it as application/json', { field: 'body' })
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new LifecycleError('invalid', 'body: not valid JSON', { field: 'body' })
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new LifecycleError('invalid', 'body: must be a JSON object', { field: 'body' })
  }
  return body
}
