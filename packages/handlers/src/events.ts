import {
  ACTIONS,
  createActionSchemas,
  deliverOnce,
  DEFAULT_LIMITS,
  LifecycleError,
  parseInput,
  serverStatusViewSchema,
  type Action,
  type OperationContext,
} from '@mcp-lifecycle/core'
import { CloudEvent, HTTP, type CloudEventV1 } from 'cloudevents'
import { createBaseApp, type HandlerDeps, operationContext } from '@mcp-lifecycle/http-kit'
import { describeOperation, MUTATION_ERRORS } from './describe-operation.ts'
import { readCloudEvent } from './read-cloud-event.ts'

export const EVENT_TYPE_PREFIX = 'dev.mcp-lifecycle.server.'
export const STATUS_EVENT_TYPE = 'dev.mcp-lifecycle.server.status'

/** An event type handled apart from the actions (the stop function's reap); answers an event. */
export type EventHandler = (
  ctx: OperationContext,
  event: CloudEventV1<unknown>
) => Promise<{ type: string; data: unknown }>

/**
 * POST /events: CloudEvents in binary or structured mode (Knative Eventing delivers both),
 * of types dev.mcp-lifecycle.server.{start,stop,scale} with data {name, ...}. Answers with a
 * dev.mcp-lifecycle.server.status event carrying the status, for a Broker to route on. An event
 * already handled (same source and id) is answered without acting again.
 */
export function createEventsApp(
  deps: HandlerDeps,
  accepted: readonly Action[] = ACTIONS,
  others: Readonly<Record<string, EventHandler>> = {}
) {
  const schemas = createActionSchemas(deps.limits ?? DEFAULT_LIMITS)
  const types = [...accepted.map((a) => EVENT_TYPE_PREFIX + a), ...Object.keys(others)].join(', ')
  const description = `CloudEvents in binary or structured mode, of types ${types}, with data {name, ...the fields of that operation}. Answered with a ${STATUS_EVENT_TYPE} event (binary mode: the status object is the body). An event already handled (same source and id) is not acted on again.`
  return createBaseApp(deps).post(
    '/events',
    describeOperation(
      'Act on a CloudEvent',
      serverStatusViewSchema,
      { ...MUTATION_ERRORS, 401: 'No or wrong credential' },
      { description }
    ),
    async (c) => {
      const event = readCloudEvent(c.req.raw.headers, await c.req.text())
      const other = Object.hasOwn(others, event.type) ? others[event.type] : undefined
      if (other) {
        const { type, data } = await other(operationContext(c, deps), event)
        return reply(
          new CloudEvent({
            type,
            source: '/mcp-lifecycle',
            datacontenttype: 'application/json',
            data,
          })
        )
      }
      const action = event.type.startsWith(EVENT_TYPE_PREFIX)
        ? (event.type.slice(EVENT_TYPE_PREFIX.length) as Action)
        : undefined
      if (!action || !accepted.includes(action)) {
        throw new LifecycleError(
          'invalid',
          `type: '${event.type}' is not handled here; send one of ${types}`,
          { field: 'type' }
        )
      }
      const { namespace, ...input } = parseInput(schemas[action], event.data, {
        noun: 'field',
        whole: 'data',
        prefix: 'data',
      })
      // On the ports (and the delivery record) of the namespace named: 404 when not managed
      // or not the caller's (checked by the operation before anything is claimed).
      const ctx = operationContext(c, deps, false, namespace)
      const sender = ctx.principal?.id ?? 'anonymous'
      const { view, duplicate } = await deliverOnce(
        ctx,
        { via: 'event', sender, source: event.source, id: event.id },
        action,
        input
      )
      const answer = new CloudEvent({
        type: STATUS_EVENT_TYPE,
        source: '/mcp-lifecycle',
        subject: input.name,
        datacontenttype: 'application/json',
        data: view,
        ...(duplicate && { mcplduplicate: 'true' }),
      })
      return reply(answer)
    }
  )
}

function reply(answer: CloudEvent<unknown>): Response {
  const message = HTTP.binary(answer)
  return new Response(message.body as string, {
    status: 200,
    headers: message.headers as Record<string, string>,
  })
}
