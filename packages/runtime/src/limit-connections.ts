import type { Server } from 'node:net'

export interface ConnectionLimits {
  /** Open connections in all. */
  total: number
  /** Open connections from one remote address. */
  perAddress: number
}

/**
 * The last slots of `total`, kept for addresses that hold no connection yet: a health probe or
 * a new client still gets in while a few addresses hold everything else.
 */
export function reserveOf(total: number): number {
  return Math.min(64, Math.floor(total / 10))
}

/**
 * Caps the open connections of a server, in all and per remote address, closing a connection
 * over a cap as soon as it is accepted: without a cap ~21,000 slow connections exhausted the
 * file descriptors and every new connection failed, /healthz included (issue 26). Counting is
 * per connection, not per request; the per-address table holds only addresses with open
 * connections.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  const reserve = reserveOf(limits.total)
  const byAddress = new Map<string, number>()
  let open = 0
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? ''
    const held = byAddress.get(address) ?? 0
    const full = open >= limits.total || (open >= limits.total - reserve && held > 0)
    if (full || held >= limits.perAddress) {
      socket.destroy()
      return
    }
    open++
    byAddress.set(address, held + 1)
    socket.once('close', () => {
      open--
      const left = (byAddress.get(address) ?? 1) - 1
      if (left === 0) byAddress.delete(address)
      else byAddress.set(address, left)
    })
  })
}
