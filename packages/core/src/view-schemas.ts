import * as v from 'valibot'
import { discoveryViewSchema } from './discovery-view.ts'
import { SERVER_STATUSES } from './status.ts'

// The answer shapes, as schemas: the TypeScript types derive from them, and the OpenAPI
// document is generated from them, so the API has one description.

export const serverSummarySchema = v.object({
  name: v.string(),
  status: v.picklist(SERVER_STATUSES),
  replicas: v.pipe(v.number(), v.integer()),
  ready_replicas: v.pipe(v.number(), v.integer()),
  endpoints: v.array(v.pipe(v.string(), v.url())),
  /** Set in a list of every namespace (`all_namespaces=true`). */
  namespace: v.optional(v.string()),
})

export const conditionViewSchema = v.object({
  type: v.string(),
  status: v.string(),
  reason: v.nullable(v.string()),
  message: v.nullable(v.string()),
  last_transition_time: v.nullable(v.string()),
})

export const serverStatusViewSchema = v.object({
  ...serverSummarySchema.entries,
  available_replicas: v.pipe(v.number(), v.integer()),
  updated_replicas: v.pipe(v.number(), v.integer()),
  last_activity: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
  conditions: v.array(conditionViewSchema),
  /**
   * Why a pending or failed server cannot start (ImagePullBackOff, CrashLoopBackOff,
   * Unschedulable, ProgressDeadlineExceeded, ...), when known.
   */
  reason: v.optional(v.string()),
  /** Discovery answers kept for the server (issue 30), when this manager knows. */
  discovery: v.optional(discoveryViewSchema),
})

export const serverListSchema = v.object({ servers: v.array(serverSummarySchema) })

/** RFC 9457 problem details as we send them. */
export const problemSchema = v.object({
  type: v.pipe(v.string(), v.url()),
  title: v.string(),
  status: v.pipe(v.number(), v.integer()),
  detail: v.string(),
  instance: v.optional(v.string()),
  errors: v.optional(v.array(v.object({ field: v.string(), detail: v.string() }))),
  server: v.optional(serverStatusViewSchema),
})

export type ServerSummary = v.InferOutput<typeof serverSummarySchema>
export type ConditionView = v.InferOutput<typeof conditionViewSchema>
export type ServerStatusView = v.InferOutput<typeof serverStatusViewSchema>
