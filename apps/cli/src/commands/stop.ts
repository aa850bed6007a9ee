import { createRequestSchemas } from '@mcp-lifecycle/core'
import type { Command } from 'commander'
import type { CliContext } from '../cli-context.ts'
import { parseName, parseRequest } from '../parse-input.ts'
import { DRY_RUN_OPTION, SERVER_ARGUMENT } from './command-arguments.ts'
import { sendMutation } from './send-mutation.ts'

interface StopOptions {
  force?: boolean
  dryRun?: boolean
}

/** mcpl stop NAME [--force] */
export function addStopCommand(program: Command, ctx: CliContext): void {
  program
    .command('stop')
    .description('scale a server to 0; its pods terminate gracefully')
    .argument(...SERVER_ARGUMENT)
    .option('--force', 'also delete its pods at once (grace period 0)')
    .option(...DRY_RUN_OPTION)
    .action(async (nameText: string, opts: StopOptions) => {
      const name = parseName(nameText)
      const { request, body } = parseRequest(createRequestSchemas(ctx.limits()).stop, {
        force: opts.force === true,
      })
      // A forced stop follows the Deployment for a few seconds until no pod is left.
      const label = request.force && !opts.dryRun ? `stopping ${name}` : undefined
      const change = { waitLabel: label, dryRun: opts.dryRun }
      await sendMutation(ctx, change, (client, options) => client.stop(name, body, options))
    })
}
