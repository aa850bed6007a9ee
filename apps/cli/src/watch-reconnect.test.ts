import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMcpl } from './testing/spawn-mcpl.ts'

// `mcpl watch --url` against a manager whose change stream drops: the real bin in its own
// process, a manager played by node:http that ends the first connection abruptly.
let server: Server
let url: string
let connections = 0

const list = (replicas: number) =>
  `event: list\ndata: ${JSON.stringify({
    servers: [
      { name: 'weather', status: 'running', replicas, ready_replicas: replicas, endpoints: [] },
    ],
  })}\n\n`

beforeAll(async () => {
  server = createServer((request, response) => {
    expect(request.url).toBe('/servers?watch=true')
    connections++
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.write(list(connections))
    // The first connection drops as a restarting manager would; the next one stays open.
    if (connections === 1) setTimeout(() => response.destroy(), 50)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server.closeAllConnections()
  return new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('mcpl watch over HTTP', () => {
  it('reconnects when the stream drops, prints the list again, and exits 0 on Ctrl-C', async () => {
    const watch = startMcpl(['--url', url, 'watch', '--output', 'json'], { timeoutMs: 30_000 })
    await watch.waitForOutput(/"replicas":1,/)
    await watch.waitForOutput(/"replicas":2,/)
    watch.child.kill('SIGINT')
    const run = await watch.exited
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(connections).toBe(2)
  })
})
