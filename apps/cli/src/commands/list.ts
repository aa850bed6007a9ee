import type { Command } from 'commander'
import type { CliContext } from '../cli-context.ts'
import { renderServers } from '../server-table.ts'

/** mcpl list */
export function addListCommand(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .alias('ls')
    .description('list the MCP servers with their status, ready/desired replicas and endpoints')
    .option('-A, --all-namespaces', "every namespace of the manager's the token may see")
    .action(async (options: { allNamespaces?: boolean }) => {
      const client = await ctx.client()
      const list = await ctx.call(undefined, (call) => client.list(call, options.allNamespaces))
      ctx.print(list, (paint) => renderServers(list.servers, paint))
    })
}
