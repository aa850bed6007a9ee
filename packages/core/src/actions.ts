import * as v from 'valibot'
import { DEFAULT_LIMITS, type Limits } from './limits.ts'
import { namespaceName } from './namespace-name.ts'
import { createRequestSchemas } from './requests.ts'
import { serverName } from './server-name.ts'

export type Action = 'start' | 'stop' | 'scale'
export const ACTIONS: readonly Action[] = ['start', 'stop', 'scale']

/**
 * A named action, as webhooks and CloudEvents carry it: the server name (and optionally its
 * namespace; absent: the default one) beside the same fields as the HTTP body of that operation
 * (one schema source for every entry point).
 */
export function createActionSchemas(limits: Limits = DEFAULT_LIMITS) {
  const bodies = createRequestSchemas(limits)
  const named = { name: serverName, namespace: v.optional(namespaceName) }
  return {
    start: v.strictObject({ ...named, ...bodies.start.entries }),
    stop: v.strictObject({ ...named, ...bodies.stop.entries }),
    scale: v.strictObject({ ...named, ...bodies.scale.entries }),
  }
}

/** A webhook body: `{action, name, ...}` where the rest depends on the action. */
export function createWebhookSchema(limits: Limits = DEFAULT_LIMITS) {
  const actions = createActionSchemas(limits)
  return v.variant(
    'action',
    [
      v.strictObject({ action: v.literal('start'), ...actions.start.entries }),
      v.strictObject({ action: v.literal('stop'), ...actions.stop.entries }),
      v.strictObject({ action: v.literal('scale'), ...actions.scale.entries }),
    ],
    "action must be 'start', 'stop' or 'scale'"
  )
}

export type ActionSchemas = ReturnType<typeof createActionSchemas>
export type ActionInput<A extends Action> = v.InferOutput<ActionSchemas[A]>
export type WebhookInput = v.InferOutput<ReturnType<typeof createWebhookSchema>>
