import {
  byName,
  LifecycleError,
  serverListSchema,
  serverSummarySchema,
  type ServerSummary,
} from '@mcp-lifecycle/core'
import type { ServerList } from './client.ts'
import { fromProblem } from './from-problem.ts'
import { CALL_SECONDS, type ManagerConnection } from './manager-connection.ts'
import { checkAnswer, parseJson } from './read-answer.ts'
import { readServerSentEvents } from './read-server-events.ts'

// The change stream sends a heartbeat every 15 s: this long without a byte, it is dead.
const STREAM_IDLE_SECONDS = 45

/** One connection to the change stream: the list after each event, until the stream ends. */
export async function* followChangeStream(
  manager: ManagerConnection,
  signal: AbortSignal,
  onPlainList: () => void
): AsyncGenerator<ServerList> {
  const { target } = manager
  const connection = new AbortController()
  const stalled = (seconds: number) =>
    connection.abort(
      new LifecycleError('unavailable', `${target} sent nothing for ${seconds}s; reconnecting.`)
    )
  let idle = setTimeout(() => stalled(CALL_SECONDS), CALL_SECONDS * 1000)
  const alive = () => {
    clearTimeout(idle)
    idle = setTimeout(() => stalled(STREAM_IDLE_SECONDS), STREAM_IDLE_SECONDS * 1000)
  }
  try {
    const response = await manager.fetchFn(new URL('servers?watch=true', manager.base), {
      headers: { ...manager.headers(false), accept: 'text/event-stream, application/problem+json' },
      signal: AbortSignal.any([signal, connection.signal]),
    })
    if (!response.ok) throw fromProblem(response.status, parseJson(await response.text()), target)
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
      onPlainList()
      yield checkAnswer(serverListSchema, parseJson(await response.text()), `${target} answered`)
      return
    }
    const servers = new Map<string, ServerSummary>()
    for await (const { event, data } of readServerSentEvents(response.body!, alive)) {
      if (!applyChange(servers, event, parseJson(data), target)) continue
      yield { servers: [...servers.values()].sort(byName) }
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason
    if (connection.signal.aborted) throw connection.signal.reason
    if (error instanceof LifecycleError) throw error
    throw manager.unreachable(error)
  } finally {
    clearTimeout(idle)
    connection.abort()
  }
}

/** Applies one event of the stream to the list; false for events that change nothing. */
function applyChange(
  servers: Map<string, ServerSummary>,
  event: string,
  data: unknown,
  target: string
) {
  const source = `${target} sent a '${event}' event`
  if (event === 'list') {
    servers.clear()
    for (const server of checkAnswer(serverListSchema, data, source).servers)
      servers.set(server.name, server)
  } else if (event === 'server') {
    const server = checkAnswer(serverSummarySchema, data, source)
    servers.set(server.name, server)
  } else if (event === 'removed') {
    servers.delete((data as { name?: string } | undefined)?.name ?? '')
  } else if (event === 'error') {
    const status = (data as { status?: number } | undefined)?.status ?? 500
    throw fromProblem(status, data, target)
  } else {
    // An event a newer manager added: nothing this version shows.
    return false
  }
  return true
}
