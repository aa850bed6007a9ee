import { LifecycleError } from '@mcp-lifecycle/core'
import { HTTP, type CloudEventV1 } from 'cloudevents'

/** The attributes an event must carry to be acted on once: its identity and its type. */
const REQUIRED = ['id', 'source', 'type'] as const

/**
 * Reads one CloudEvent (binary or structured mode) and insists on a non-empty id, source and
 * type as sent: the SDK would invent a random id for a structured event without one (every
 * redelivery would then act again) and accepts a binary event without ce-source.
 * `data_base64` and binary data are decoded as UTF-8 JSON.
 */
export function readCloudEvent(headers: Headers, body: string): CloudEventV1<unknown> {
  const structured = (headers.get('content-type') ?? '').startsWith('application/cloudevents')
  const sent = structured ? structuredAttributes(body) : undefined
  for (const name of REQUIRED) {
    const value = structured ? sent?.[name] : headers.get(`ce-${name}`)
    const field = structured ? name : `ce-${name}`
    if (typeof value !== 'string' || value.trim() === '') {
      throw new LifecycleError(
        'invalid',
        `${field}: ${value === undefined || value === null ? 'missing' : 'empty'}; every event needs a non-empty ${name}${name === 'id' ? ' (unique per event, so that a redelivery is recognised)' : ''}.`,
        { field }
      )
    }
  }
  let event: CloudEventV1<unknown> | CloudEventV1<unknown>[]
  try {
    event = HTTP.toEvent({ headers: Object.fromEntries(headers), body })
  } catch (error) {
    throw new LifecycleError('invalid', `Not a valid CloudEvent: ${(error as Error).message}`, {
      field: 'event',
    })
  }
  if (Array.isArray(event))
    throw new LifecycleError('invalid', 'Batched CloudEvents are not accepted.', { field: 'event' })
  // The SDK turns data_base64 into a Uint32Array of the bytes: decode the attribute ourselves.
  const base64 = event.data_base64
  const data = typeof base64 === 'string' ? fromBase64(base64) : event.data
  return { ...event, data: decodeData(data) }
}

function structuredAttributes(body: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    throw new LifecycleError('invalid', 'event: the structured event is not valid JSON.', {
      field: 'event',
    })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LifecycleError('invalid', 'event: a structured event must be a JSON object.', {
      field: 'event',
    })
  }
  return parsed as Record<string, unknown>
}

function fromBase64(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0))
  } catch {
    throw new LifecycleError('invalid', 'data_base64: not valid base64.', { field: 'data_base64' })
  }
}

/** Bytes (from data_base64, or a binary body) are read as JSON text. */
function decodeData(data: unknown): unknown {
  if (!(data instanceof Uint8Array)) return data
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data))
  } catch {
    throw new LifecycleError('invalid', 'data: the event data must be JSON (UTF-8).', {
      field: 'data',
    })
  }
}
