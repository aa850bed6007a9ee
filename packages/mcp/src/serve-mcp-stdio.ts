import {
  ResourceNotFoundError,
  SUBSCRIPTION_ID_META_KEY,
  type JSONRPCMessage,
  type Server,
  type Transport,
} from '@modelcontextprotocol/server'
import {
  serveStdio,
  StdioServerTransport,
  type StdioServerHandle,
} from '@modelcontextprotocol/server/stdio'
import { createMcpServer, type McpServerDeps } from './create-mcp-server.ts'
import {
  createStatusHubs,
  followStatusChanges,
  type StatusSource,
} from './follow-status-changes.ts'
import { parseStatusUri } from './status-uris.ts'

/** What the stdio server is built from: the MCP server's parts, and where it speaks. */
export interface McpStdioDeps extends Omit<McpServerDeps, 'statusUpdates'> {
  /** The connection; the default is the process's stdin and stdout. */
  transport?: Transport
  /** Out-of-band errors of the connection (reporting only). */
  onerror?: (error: Error) => void
}

/**
 * The lifecycle tools and status resources over one stdio connection, of the era the client
 * opens with: server/discover (2026-07-28) or initialize (2025-11-25). The connection is one
 * long-lived session, so it sends status changes (notifications/resources/updated) on both:
 * for the URIs of resources/subscribe on 2025-11-25, and on the subscriptions/listen streams
 * (which the SDK's stdio entry serves itself) on 2026-07-28. The servers are watched only while
 * a subscription exists.
 */
export function serveMcpStdio(deps: McpStdioDeps): StdioServerHandle {
  const { transport, onerror, ...serverDeps } = deps
  let current: Server | undefined
  const source = {
    services: deps.services,
    hubs: createStatusHubs(),
    principal: deps.scope?.principal,
  }
  const feed = new StatusFeed(source, (uri) => {
    current?.sendResourceUpdated({ uri }).catch((error: unknown) => onerror?.(toError(error)))
  })
  const handle = serveStdio(
    ({ era }) => {
      const server = createMcpServer({ ...serverDeps, statusUpdates: true })
      // One instance at a time: a server/discover probe is discarded before a 2025 fallback.
      current = server
      if (era === 'legacy')
        serveResourceSubscriptions(server, feed, deps.services.namespaces?.defaultNamespace)
      return server
    },
    {
      transport: observeListens(transport ?? new StdioServerTransport(), feed),
      ...(onerror && { onerror }),
    }
  )
  return {
    close: async () => {
      feed.close()
      await handle.close()
    },
  }
}

/** The key of the 2025-11-25 resources/subscribe URIs (2026-07-28 streams use their ids). */
const LEGACY = Symbol('resources/subscribe')

/**
 * What the connection's subscriptions want to hear of, and the one watch that feeds them: it
 * runs while at least one subscription names a status resource, and stops with the last.
 */
class StatusFeed {
  private readonly wants = new Map<unknown, ReadonlySet<string>>()
  private watch: AbortController | undefined
  private readonly source: StatusSource
  private readonly notify: (uri: string) => void

  constructor(source: StatusSource, notify: (uri: string) => void) {
    this.source = source
    this.notify = notify
  }

  uris(key: unknown): ReadonlySet<string> {
    return this.wants.get(key) ?? new Set()
  }

  has(key: unknown): boolean {
    return this.wants.has(key)
  }

  set(key: unknown, uris: Iterable<string>): void {
    const set = new Set(uris)
    if (set.size > 0) this.wants.set(key, set)
    else this.wants.delete(key)
    this.sync()
  }

  close(): void {
    this.wants.clear()
    this.sync()
  }

  private wanted(uri: string): boolean {
    return [...this.wants.values()].some((uris) => uris.has(uri))
  }

  private sync(): void {
    if (this.wants.size > 0 && !this.watch) {
      const controller = new AbortController()
      this.watch = controller
      void followStatusChanges(this.source, controller.signal, (uris) => {
        for (const uri of uris) if (this.wanted(uri)) this.notify(uri)
      })
    } else if (this.wants.size === 0 && this.watch) {
      this.watch.abort()
      this.watch = undefined
    }
  }
}

/** 2025-11-25: resources/subscribe and resources/unsubscribe, on the status resources only. */
function serveResourceSubscriptions(
  server: Server,
  feed: StatusFeed,
  defaultNamespace: string | undefined
): void {
  server.setRequestHandler('resources/subscribe', ({ params: { uri } }) => {
    // Another tenant's namespace is taken like any other: the feed never announces it.
    if (!parseStatusUri(uri, defaultNamespace)) throw new ResourceNotFoundError(uri)
    feed.set(LEGACY, [...feed.uris(LEGACY), uri])
    return {}
  })
  server.setRequestHandler('resources/unsubscribe', ({ params: { uri } }) => {
    feed.set(
      LEGACY,
      [...feed.uris(LEGACY)].filter((known) => known !== uri)
    )
    return {}
  })
}

/**
 * 2026-07-28: serveStdio answers subscriptions/listen itself and routes the instance's
 * notifications onto the open streams, but tells the instance nothing. The wire does: an
 * acknowledgement naming resources opens a subscription (its id in _meta), and a
 * notifications/cancelled of that id, or the listen's closing result, ends it.
 */
function observeListens(wire: Transport, feed: StatusFeed): Transport {
  const observed: Transport = {
    start: () => wire.start(),
    close: () => wire.close(),
    send(message, options) {
      outbound(message)
      return wire.send(message, options)
    },
  }
  const outbound = (message: JSONRPCMessage) => {
    if ('method' in message && message.method === 'notifications/subscriptions/acknowledged') {
      const params = message.params as
        | { notifications?: { resourceSubscriptions?: string[] }; _meta?: Record<string, unknown> }
        | undefined
      const id = params?._meta?.[SUBSCRIPTION_ID_META_KEY]
      const uris = params?.notifications?.resourceSubscriptions
      if (id !== undefined && uris) feed.set(id, uris)
    } else if ('id' in message && !('method' in message) && feed.has(message.id)) {
      feed.set(message.id, [])
    }
  }
  wire.onmessage = (message, extra) => {
    if ('method' in message && message.method === 'notifications/cancelled') {
      const id = (message.params as { requestId?: unknown } | undefined)?.requestId
      if (id !== undefined && feed.has(id)) feed.set(id, [])
    }
    observed.onmessage?.(message, extra)
  }
  wire.onclose = () => {
    feed.close()
    observed.onclose?.()
  }
  wire.onerror = (error) => observed.onerror?.(error)
  return observed
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value))
}
