import type { Command } from 'commander'
import type { CliContext } from '../cli-context.ts'
import { createPaint, useColor } from '../colors.ts'
import { createLiveTable } from '../live-table.ts'
import { renderServers } from '../server-table.ts'

/** mcpl watch */
export function addWatchCommand(program: Command, ctx: CliContext): void {
  program
    .command('watch')
    .description('a live table of the servers, redrawn on every change; Ctrl-C ends it')
    .addHelpText(
      'after',
      [
        '',
        'Without --url the table follows a Kubernetes watch of the Deployments, and follows it',
        'again with backoff (1 s, doubled up to 30 s) while the API server is unavailable. With --url it',
        "follows the manager's change stream (GET /servers?watch=true) and reconnects with",
        'backoff (1 s, doubled up to 30 s) when the stream drops or the manager is unreachable;',
        'a refusal (401, 403) ends it. A manager without the stream is polled every 2 s.',
        'On a terminal the table is redrawn in place; elsewhere every change is printed in turn.',
        'With --output json each change is one line of JSON ({"servers": [...]}).',
        'Ctrl-C ends it with exit code 0.',
      ].join('\n')
    )
    .action(async () => {
      const { io } = ctx
      const client = await ctx.client()
      const json = ctx.options().output === 'json'
      const live = !json && io.stdout.isTTY === true
      const table = createLiveTable(io.stdout, live)
      const paint = createPaint(useColor(io.stdout, io.env))
      let last: string | undefined
      try {
        for await (const list of client.watch(io.signal)) {
          // A Deployment changes in ways the list does not show (generations, conditions).
          const text = JSON.stringify(list)
          if (text === last) continue
          last = text
          if (json) io.stdout.write(`${text}\n`)
          else table.draw(renderServers(list.servers, paint) + footer(live, client.target))
        }
      } catch (error) {
        // Ctrl-C is how a watch ends: not a failure.
        if (!io.signal.aborted) throw error
      }
    })
}

function footer(live: boolean, target: string): string {
  const time = new Date().toLocaleTimeString()
  return live ? `\n${target}, updated ${time} (Ctrl-C to quit)\n` : ''
}
