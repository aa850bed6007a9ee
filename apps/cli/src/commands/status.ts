import type { Command } from 'commander'
import type { CliContext } from '../cli-context.ts'
import { parseName } from '../parse-input.ts'
import { renderStatus } from '../render-status.ts'
import { SERVER_ARGUMENT } from './command-arguments.ts'

/** mcpl status NAME */
export function addStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description("show one server's status, last activity and conditions")
    .argument(...SERVER_ARGUMENT)
    .action(async (nameText: string) => {
      const name = parseName(nameText)
      const client = await ctx.client()
      const view = await ctx.call(undefined, (call) => client.status(name, call))
      ctx.print(view, (paint) => renderStatus(view, paint))
    })
}
