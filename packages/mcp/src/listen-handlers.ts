import type { McpHttpHandler, ServerEventBus } from '@modelcontextprotocol/server'

// Listen handlers, one per server-name pattern: patterns come from the tokens file, a few.
const MAX_LISTEN_HANDLERS = 64

/**
 * Only subscriptions/listen streams outlive their request, so only their handlers offer status
 * updates: one per pattern, whose bus carries only the changes of the servers it matches.
 */
export function createListenHandlers(
  busFor: (pattern: string) => ServerEventBus,
  createHandler: (bus: ServerEventBus) => McpHttpHandler
): (pattern?: string) => McpHttpHandler {
  const listenHandlers = new Map<string, McpHttpHandler>()
  return (pattern = '*') => {
    let handler = listenHandlers.get(pattern)
    if (!handler) {
      // The oldest goes: its open streams keep their bus, a new stream gets a new handler.
      if (listenHandlers.size >= MAX_LISTEN_HANDLERS)
        listenHandlers.delete(listenHandlers.keys().next().value!)
      handler = createHandler(busFor(pattern))
      listenHandlers.set(pattern, handler)
    }
    return handler
  }
}
