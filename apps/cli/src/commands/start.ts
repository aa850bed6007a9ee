import { createRequestSchemas } from '@mcp-lifecycle/core'
import type { Command } from 'commander'
import type { CliContext } from '../cli-context.ts'
import { parseName, parseRequest, toNumber } from '../parse-input.ts'
import { renderServers } from '../server-table.ts'

interface StartOptions {
  wait: boolean
  timeout?: string
  dryRun?: boolean
}

/** mcpl start NAME [--no-wait] [--timeout S] */
export function addStartCommand(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('scale a stopped server to 1 replica and wait until it is ready')
    .argument('<name>', 'the MCP server (its Deployment name)')
    .option('--no-wait', 'answer once scaled, without waiting for readiness')
    .option('--timeout <seconds>', 'longest wait for readiness (default: 300)')
    .option('--dry-run', 'validated and authorized by the cluster, nothing changed')
    .action(async (nameText: string, opts: StartOptions) => {
      const name = parseName(nameText)
      const { request, body } = parseRequest(createRequestSchemas(ctx.limits()).start, {
        wait_ready: opts.wait,
        timeout: toNumber(opts.timeout),
      })
      const client = await ctx.client()
      const waits = request.wait_ready && !opts.dryRun
      const view = await ctx.call(waits ? `waiting for ${name}` : undefined, (call) =>
        client.start(name, body, { ...call, dryRun: opts.dryRun === true })
      )
      ctx.print(view, (paint) => renderServers([view], paint))
    })
}
