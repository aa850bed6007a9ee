import * as v from 'valibot'
import { DEFAULT_LIMITS, DEFAULT_TIMEOUT_SECONDS, type Limits } from './limits.ts'

// Unknown keys are refused (strict objects): a typo such as "replica" must not silently
// turn into a default.

function timeoutSchema(limits: Limits) {
  return v.optional(
    v.pipe(
      v.number('must be a number of seconds'),
      v.integer('must be a whole number of seconds'),
      v.minValue(1, 'must be at least 1 second'),
      v.maxValue(limits.maxTimeoutSeconds, `must be at most ${limits.maxTimeoutSeconds} seconds`)
    ),
    Math.min(DEFAULT_TIMEOUT_SECONDS, limits.maxTimeoutSeconds)
  )
}

/** Builds the body schemas of start, stop and scale for the configured limits. */
export function createRequestSchemas(limits: Limits = DEFAULT_LIMITS) {
  const start = v.strictObject({
    wait_ready: v.optional(v.boolean('must be true or false'), true),
    timeout: timeoutSchema(limits),
  })
  const stop = v.strictObject({
    force: v.optional(v.boolean('must be true or false'), false),
  })
  const scale = v.strictObject({
    replicas: v.pipe(
      v.number('must be a number'),
      v.integer('must be a whole number'),
      v.minValue(0, 'must be at least 0'),
      v.maxValue(limits.maxReplicas, `must be at most ${limits.maxReplicas}`)
    ),
    wait_ready: v.optional(v.boolean('must be true or false'), false),
    timeout: timeoutSchema(limits),
  })
  return { start, stop, scale }
}

export type RequestSchemas = ReturnType<typeof createRequestSchemas>
export type StartRequest = v.InferOutput<RequestSchemas['start']>
export type StopRequest = v.InferOutput<RequestSchemas['stop']>
export type ScaleRequest = v.InferOutput<RequestSchemas['scale']>
