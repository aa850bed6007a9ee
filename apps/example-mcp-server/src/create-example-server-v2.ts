import { McpServer } from '@modelcontextprotocol/server'
import { setTimeout as sleep } from 'node:timers/promises'
import * as z from 'zod'
import type { Identity } from './create-example-server.ts'

/**
 * The same three tools as createExampleServer, on the v2 SDK's McpServer
 * (`@modelcontextprotocol/server`), which serves both protocol eras. One instance per request.
 */
export function createExampleServerV2(identity: Identity): McpServer {
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
    {
      description: 'Answers with the text it was given.',
      inputSchema: z.object({ text: z.string() }),
    },
    ({ text }) => ({ content: [{ type: 'text', text }] })
  )

  server.registerTool(
    'slow_count',
    {
      description:
        'Counts to `count`, one step every `interval_ms`, with a progress notification per step (when the call has a progressToken), then answers. A long call that streams over SSE.',
      inputSchema: z.object({
        count: z.number().int().min(1).max(1000),
        interval_ms: z.number().int().min(0).max(10_000).default(50),
      }),
    },
    async ({ count, interval_ms }, ctx) => {
      const progressToken = ctx.mcpReq._meta?.progressToken
      for (let step = 1; step <= count; step++) {
        // A client that cancels (or hangs up: the 2026-07-28 cancellation) stops the count.
        await sleep(interval_ms, undefined, { signal: ctx.mcpReq.signal })
        if (progressToken === undefined) continue
        await ctx.mcpReq.notify({
          method: 'notifications/progress',
          params: { progressToken, progress: step, total: count, message: `${step}/${count}` },
        })
      }
      return { content: [{ type: 'text', text: `counted to ${count}` }] }
    }
  )

  return server
}
