import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { setTimeout as sleep } from 'node:timers/promises'
import * as z from 'zod'
import type { Mode } from './options.ts'

/** What whoami answers: enough for a test to tell which pod's process served a request. */
export interface Identity {
  pod: string
  ip: string
  port: number
  mode: Mode
  pid: number
}

/** The three tools, on the SDK's McpServer. One instance per session (or per stateless POST). */
export function createExampleServer(identity: Identity): McpServer {
  const server = new McpServer({ name: 'example-mcp-server', version: '0.1.0' })

  server.registerTool(
    'whoami',
    { description: 'The pod (name, IP, port), mode and pid of the process that answers.' },
    () => ({
      content: [{ type: 'text', text: JSON.stringify(identity) }],
      structuredContent: { ...identity },
    })
  )

  server.registerTool(
    'echo',
    { description: 'Answers with the text it was given.', inputSchema: { text: z.string() } },
    ({ text }) => ({ content: [{ type: 'text', text }] })
  )

  server.registerTool(
    'slow_count',
    {
      description:
        'Counts to `count`, one step every `interval_ms`, with a progress notification per step (when the call has a progressToken), then answers. A long call that streams over SSE.',
      inputSchema: {
        count: z.number().int().min(1).max(1000),
        interval_ms: z.number().int().min(0).max(10_000).default(50),
      },
    },
    async ({ count, interval_ms }, extra) => {
      const progressToken = extra._meta?.progressToken
      for (let step = 1; step <= count; step++) {
        // A client that cancels (or, stateless, hangs up) stops the count.
        await sleep(interval_ms, undefined, { signal: extra.signal })
        if (progressToken === undefined) continue
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken, progress: step, total: count, message: `${step}/${count}` },
        })
      }
      return { content: [{ type: 'text', text: `counted to ${count}` }] }
    }
  )

  return server
}
