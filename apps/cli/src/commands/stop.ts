import { createRequestSchemas } from '@mcp-lifecycle/core'
import type { Command } from 'commander'
import type { CliContext } from '../cli-context.ts'
import { parseName, parseRequest } from '../parse-input.ts'
import { renderServers } from '../server-table.ts'

interface StopOptions {
  force?: boolean
  dryRun?: boolean
}

/** mcpl stop NAME [--force] */
export function addStopCommand(program: Command, ctx: CliContext): void {
  program
    .command('stop')
    .description('scale a server to 0; its pods terminate gracefully')
    .argument('<name>', 'the MCP server (its Deployment name)')
    .option('--force', 'also delete its pods at once (grace period 0)')
    .option('--dry-run', 'validated and authorized by the cluster, nothing changed')
    .action(async (nameText: string, opts: StopOptions) => {
      const name = parseName(nameText)
      const { request, body } = parseRequest(createRequestSchemas(ctx.limits()).stop, {
        force: opts.force === true,
      })
      const client = await ctx.client()
      // A forced stop follows the Deployment for a few seconds until no pod is left.
      const label = request.force && !opts.dryRun ? `stopping ${name}` : undefined
      const view = await ctx.call(label, (call) =>
        client.stop(name, body, { ...call, dryRun: opts.dryRun === true })
      )
      ctx.print(view, (paint) => renderServers([view], paint))
    })
}
