import { Command, Option } from 'commander'
import packageJson from '../package.json' with { type: 'json' }
import { createCliContext } from './cli-context.ts'
import type { CliIo } from './cli-io.ts'
import { addListCommand } from './commands/list.ts'
import { addScaleCommand } from './commands/scale.ts'
import { addStartCommand } from './commands/start.ts'
import { addStatusCommand } from './commands/status.ts'
import { addStopCommand } from './commands/stop.ts'
import { addWatchCommand } from './commands/watch.ts'
import type { GlobalOptions } from './global-options.ts'
import { CLI_SETTING_NAMES } from '@mcp-lifecycle/runtime/cli-settings'

const env = CLI_SETTING_NAMES
const EXIT_CODES_HELP = `
Connection:
  With --url (or ${env.url}) mcpl calls that manager's HTTP API. Without it, it talks to the
  cluster of KUBECONFIG (else ~/.kube/config) directly, configured by the manager's ${env.prefix}*
  variables (${env.namespace}, ${env.selector}, ...).

Exit codes:
  0  ok                 3  timed out waiting for readiness
  1  failure            4  no such MCP server
  2  bad usage or input 130  interrupted (Ctrl-C) while waiting
`

/** The `mcpl` command line: global options, then one subcommand per operation. */
export function createProgram(io: CliIo): Command {
  const program = new Command('mcpl')
  const ctx = createCliContext(io, () => program.opts<GlobalOptions>())
  program
    .description(
      'List, start, stop, scale and watch MCP servers running as Kubernetes Deployments.'
    )
    .version(packageJson.version)
    .addOption(new Option('--url <url>', `a manager's base URL (env: ${env.url})`))
    .addOption(
      new Option(
        '--token <token>',
        `bearer token for --url; prefer ${env.token}, as a flag shows in ps`
      )
    )
    .addOption(
      new Option(
        '-n, --namespace <namespace>',
        `namespace of the servers (without --url: env ${env.namespace}; with: the manager's default)`
      )
    )
    .addOption(
      new Option('-o, --output <format>', 'table for people, json for scripts')
        .choices(['table', 'json'])
        .default('table')
    )
    .addHelpText('after', EXIT_CODES_HELP)
    // Set before the subcommands are added, so that they inherit them.
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run mcpl --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
  const commands = [
    addListCommand,
    addStatusCommand,
    addStartCommand,
    addStopCommand,
    addScaleCommand,
    addWatchCommand,
  ]
  for (const add of commands) add(program, ctx)
  return program
}
