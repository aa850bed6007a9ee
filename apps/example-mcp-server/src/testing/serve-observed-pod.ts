import { createServer, type Server } from 'node:http'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { createExampleServer } from '../create-example-server.ts'

/** What the observed pod saw of one POST. */
export interface ObservedCall {
  /** performance.now() of its response's close (the upstream request over). */
  closedAt: number | undefined
  /** performance.now() of each progress notification handed to the transport. */
  progressAt: number[]
}

export interface ObservedPod {
  url: string
  calls: ObservedCall[]
  close(): Promise<void>
}

/**
 * The example MCP server's tools on the SDK's stateless transport (as `--mode stateless`), in
 * this process on ip:port, so that a bench or test sees when each request closes and when each
 * progress event leaves the server, on the same clock as the client.
 */
export async function serveObservedPod(ip: string, pod: string): Promise<ObservedPod> {
  const calls: ObservedCall[] = []
  const http: Server = createServer((req, res) => {
    const call: ObservedCall = { closedAt: undefined, progressAt: [] }
    calls.push(call)
    const mcp = createExampleServer({ pod, ip, port: 8080, mode: 'stateless', pid: process.pid })
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
    const send = transport.send.bind(transport)
    transport.send = (message, options) => {
      if ('method' in message && message.method === 'notifications/progress')
        call.progressAt.push(performance.now())
      return send(message, options)
    }
    // As the example's stateless mode: a client that hangs up cancels its call.
    res.on('close', () => {
      call.closedAt = performance.now()
      void mcp.close()
    })
    void mcp.connect(transport).then(() => transport.handleRequest(req, res))
  })
  await new Promise<void>((resolve) => http.listen(8080, ip, resolve))
  return {
    url: `http://${ip}:8080/mcp`,
    calls,
    close: () => {
      http.closeAllConnections()
      return new Promise((resolve) => http.close(() => resolve()))
    },
  }
}
