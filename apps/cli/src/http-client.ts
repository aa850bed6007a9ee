import {
  DEFAULT_TIMEOUT_SECONDS,
  LifecycleError,
  serverListSchema,
  serverStatusViewSchema,
} from '@mcp-lifecycle/core'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Client } from './client.ts'
import { defaultFetch, type FetchFn } from './default-fetch.ts'
import { followChangeStream } from './follow-change-stream.ts'
import { createManagerConnection } from './manager-connection.ts'

export type { FetchFn } from './default-fetch.ts'

export interface HttpClientOptions {
  /** The manager's base URL; the API's routes are resolved against it. */
  url: string
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string
  /** The manager's namespace to act in (`/namespaces/{namespace}/...`); absent: its default. */
  namespace?: string
  fetch?: FetchFn
  /** How often `watch` asks for the list of a manager that has no change stream. */
  pollIntervalMs?: number
  /** The first pause before `watch` reconnects; doubled after each failure, up to 30 s. */
  retryDelayMs?: number
}

const MAX_RETRY_DELAY_MS = 30_000
// Failures worth reconnecting after; any other (401, 403, 400, a body of another shape) ends it.
const TRANSIENT = new Set(['unavailable', 'timeout', 'rate-limited'])

/** A Client over a running manager's HTTP API: the same routes and JSON as `curl` would use. */
export function createHttpClient(options: HttpClientOptions): Client {
  const manager = createManagerConnection(
    options.url,
    options.token,
    options.fetch ?? defaultFetch()
  )
  const { request } = manager
  const pollIntervalMs = options.pollIntervalMs ?? 2000
  const retryDelayMs = options.retryDelayMs ?? 1000

  const servers = options.namespace ? `namespaces/${options.namespace}/servers` : 'servers'
  const server = (name: string, action?: string) =>
    `${servers}/${encodeURIComponent(name)}${action ? `/${action}` : ''}`

  return {
    target: manager.target,
    list: (call, allNamespaces) =>
      request('GET', allNamespaces ? 'servers?all_namespaces=true' : servers, serverListSchema, {
        call,
      }),
    status: (name, call) => request('GET', server(name), serverStatusViewSchema, { call }),
    // A body without wait_ready waits by default on start, not on scale (the API's defaults).
    start: (name, body, call) =>
      request('POST', server(name, 'start'), serverStatusViewSchema, {
        body,
        call,
        ...(body.wait_ready !== false && { waitSeconds: waitOf(body) }),
      }),
    stop: (name, body, call) =>
      request('POST', server(name, 'stop'), serverStatusViewSchema, { body, call }),
    scale: (name, body, call) =>
      request('POST', server(name, 'scale'), serverStatusViewSchema, {
        body,
        call,
        ...(body.wait_ready === true && { waitSeconds: waitOf(body) }),
      }),
    // GET /servers?watch=true, reconnected with backoff; a manager without the stream answers
    // the plain list, which is then asked for again every pollIntervalMs.
    async *watch(signal) {
      let failures = 0
      for (;;) {
        let polled = false
        try {
          for await (const list of followChangeStream(manager, signal, () => (polled = true))) {
            failures = 0
            yield list
          }
        } catch (error) {
          if (signal.aborted) throw signal.reason
          if (!(error instanceof LifecycleError) || !TRANSIENT.has(error.kind)) throw error
          failures++
        }
        const backoff = Math.min(retryDelayMs * 2 ** Math.max(failures - 1, 0), MAX_RETRY_DELAY_MS)
        await sleep(polled ? pollIntervalMs : backoff, undefined, { signal })
      }
    },
  }
}

/** The wait asked for; unsaid, the manager's default, which is at most ours. */
function waitOf(body: { timeout?: number }): number {
  return body.timeout ?? DEFAULT_TIMEOUT_SECONDS
}
