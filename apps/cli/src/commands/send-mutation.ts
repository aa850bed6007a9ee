import type { ServerStatusView } from '@mcp-lifecycle/core'
import type { CliContext } from '../cli-context.ts'
import type { CallOptions, Client } from '../client.ts'
import { renderServers } from '../server-table.ts'

/**
 * Sends one change of a server (a dry run when asked), with a progress line named `waitLabel`
 * while it waits, then prints the server as the answer shows it.
 */
export async function sendMutation(
  ctx: CliContext,
  change: { waitLabel: string | undefined; dryRun: boolean | undefined },
  send: (client: Client, options: CallOptions & { dryRun: boolean }) => Promise<ServerStatusView>
): Promise<void> {
  const client = await ctx.client()
  const view = await ctx.call(change.waitLabel, (call) =>
    send(client, { ...call, dryRun: change.dryRun === true })
  )
  ctx.print(view, (paint) => renderServers([view], paint))
}
