import { createRequestSchemas } from '@mcp-lifecycle/core'
import type { Command } from 'commander'
import type { CliContext } from '../cli-context.ts'
import { parseName, parseRequest, toNumber } from '../parse-input.ts'
import { renderServers } from '../server-table.ts'

interface ScaleOptions {
  wait?: boolean
  timeout?: string
  dryRun?: boolean
}

/** mcpl scale NAME N [--wait] [--timeout S] */
export function addScaleCommand(program: Command, ctx: CliContext): void {
  program
    .command('scale')
    .description('set the number of replicas')
    .argument('<name>', 'the MCP server (its Deployment name)')
    .argument('<replicas>', 'the replica count, 0 to stop')
    .option('--wait', 'wait until that many pods are ready (or, for 0, none is left)')
    .option('--timeout <seconds>', 'longest wait with --wait (default: 300)')
    .option('--dry-run', 'validated and authorized by the cluster, nothing changed')
    .action(async (nameText: string, replicasText: string, opts: ScaleOptions) => {
      const name = parseName(nameText)
      const { request, body } = parseRequest(createRequestSchemas(ctx.limits()).scale, {
        replicas: toNumber(replicasText),
        wait_ready: opts.wait === true,
        timeout: toNumber(opts.timeout),
      })
      const client = await ctx.client()
      const waits = request.wait_ready && !opts.dryRun
      const view = await ctx.call(waits ? `waiting for ${name}` : undefined, (call) =>
        client.scale(name, body, { ...call, dryRun: opts.dryRun === true })
      )
      ctx.print(view, (paint) => renderServers([view], paint))
    })
}
