import { createRequestSchemas } from '@mcp-lifecycle/core'
import type { Command } from 'commander'
import type { CliContext } from '../cli-context.ts'
import { parseName, parseRequest, toNumber } from '../parse-input.ts'
import { DRY_RUN_OPTION, SERVER_ARGUMENT } from './command-arguments.ts'
import { sendMutation } from './send-mutation.ts'

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
    .argument(...SERVER_ARGUMENT)
    .option('--no-wait', 'answer once scaled, without waiting for readiness')
    .option('--timeout <seconds>', 'longest wait for readiness (default: 300)')
    .option(...DRY_RUN_OPTION)
    .action(async (nameText: string, opts: StartOptions) => {
      const name = parseName(nameText)
      const { request, body } = parseRequest(createRequestSchemas(ctx.limits()).start, {
        wait_ready: opts.wait,
        timeout: toNumber(opts.timeout),
      })
      const waits = request.wait_ready && !opts.dryRun
      const change = { waitLabel: waits ? `waiting for ${name}` : undefined, dryRun: opts.dryRun }
      await sendMutation(ctx, change, (client, options) => client.start(name, body, options))
    })
}
