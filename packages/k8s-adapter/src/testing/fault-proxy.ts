import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

/**
 * `pass` forwards; `hang` accepts and never answers, holding every byte (a stopped API
 * server: SIGSTOP); `refuse` drops every connection and refuses new ones (a restart).
 */
export type FaultMode = 'pass' | 'hang' | 'refuse'

export interface FaultProxy {
  /** The proxy's URL, to put in a kubeconfig in place of the API server's. */
  readonly server: string
  /** Connections accepted so far, whatever the mode. */
  readonly accepted: number
  setMode(mode: FaultMode): void
  close(): Promise<void>
}

/** A connection through the proxy: the client's socket and ours to the API server. */
interface Link {
  /** Sends on what was held while hanging. */
  release(): void
  destroy(): void
}

/**
 * A TCP proxy in front of the real API server, for the cluster tier to fail the way outages
 * do. TLS passes through untouched (the API server's certificate covers 127.0.0.1), so a
 * kubeconfig pointed at it still verifies. Listens on a free port of 127.0.0.1.
 */
export async function startFaultProxy(target: URL): Promise<FaultProxy> {
  let mode: FaultMode = 'pass'
  let accepted = 0
  const links = new Set<Link>()
  const proxy = createServer((client) => {
    accepted++
    if (mode === 'refuse') return void client.destroy()
    const upstream = connect(Number(target.port || 443), target.hostname)
    const link = createLink(
      client,
      upstream,
      () => mode === 'pass',
      () => links.delete(link)
    )
    links.add(link)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const { port } = proxy.address() as AddressInfo
  return {
    server: `https://127.0.0.1:${port}`,
    get accepted() {
      return accepted
    },
    setMode(next) {
      mode = next
      for (const link of links) {
        if (next === 'refuse') link.destroy()
        if (next === 'pass') link.release()
      }
    },
    async close() {
      for (const link of links) link.destroy()
      await new Promise((resolve) => proxy.close(resolve))
    },
  }
}

function createLink(
  client: Socket,
  upstream: Socket,
  passing: () => boolean,
  onClose: () => void
): Link {
  const held: [Socket, Buffer][] = []
  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk: Buffer) => (passing() ? to.write(chunk) : held.push([to, chunk])))
  relay(client, upstream)
  relay(upstream, client)
  const destroy = () => {
    client.destroy()
    upstream.destroy()
    onClose()
  }
  for (const socket of [client, upstream]) {
    socket.on('close', destroy)
    socket.on('error', destroy)
  }
  return {
    release: () => held.splice(0).forEach(([to, chunk]) => to.write(chunk)),
    destroy,
  }
}
