import type { LifecycleBackend } from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { callTool } from './call-tool.ts'
import type { ToolDefinition } from './tools.ts'

/** A tool that reports 0/1 then 1/1 ready and answers at once, as a fast start does. */
const quickStart = {
  name: 'start_mcp',
  input: v.object({ name: v.string() }),
  listing: { name: 'start_mcp', inputSchema: { type: 'object' } },
  async run(ctx) {
    ctx.onProgress?.({ ready: 0, desired: 1 })
    ctx.onProgress?.({ ready: 1, desired: 1 })
    return { name: 'weather', status: 'running' }
  },
} as ToolDefinition

describe('callTool', () => {
  it('answers only once every progress notification of the call is sent', async () => {
    const events: string[] = []
    const tools = new Map([[quickStart.name as string, quickStart]])
    const answered = callTool(
      tools,
      { name: 'start_mcp', arguments: { name: 'weather' }, _meta: { progressToken: 7 } },
      {
        services: { backend: {} as LifecycleBackend },
        signal: new AbortController().signal,
        // As the SDK's notify: sent a little later than asked for.
        sendProgress: async ({ progress }) => {
          await new Promise((resolve) => setTimeout(resolve, 20))
          events.push(`progress ${progress}`)
        },
      }
    ).then((result) => {
      events.push('result')
      return result
    })
    expect((await answered).structuredContent).toEqual({ name: 'weather', status: 'running' })
    expect(events).toEqual(['progress 0', 'progress 1', 'result'])
  })
})
