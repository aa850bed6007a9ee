import { createRequestSchemas } from '@mcp-lifecycle/core'
import type { Command } from 'commander'
import type { CliContext } from '../cli-context.ts'
import { parseName, parseRequest, toNumber } from '../parse-input.ts'
import { DRY_RUN_OPTION, SERVER_ARGUMENT } from './command-arguments.ts'
import { sendMutation } from './send-mutation.ts'

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
    .argument(...SERVER_ARGUMENT)
    .argument('<replicas>', 'the replica count, 0 to stop')
    .option('--wait', 'wait until that many pods are ready (or, for 0, none is left)')
    .option('--timeout <seconds>', 'longest wait with --wait (default: 300)')
    .option(...DRY_RUN_OPTION)
    .action(async (nameText: string, replicasText: string, opts: ScaleOptions) => {
      const name = parseName(nameText)
      const { request, body } = parseRequest(createRequestSchemas(ctx.limits()).scale, {
        replicas: toNumber(replicasText),
        wait_ready: opts.wait === true,
        timeout: toNumber(opts.timeout),
      })
      const waits = request.wait_ready && !opts.dryRun
      const change = { waitLabel: waits ? `waiting for ${name}` : undefined, dryRun: opts.dryRun }
      await sendMutation(ctx, change, (client, options) => client.scale(name, body, options))
    })
}
