import type { Limits } from '@mcp-lifecycle/core'
import { createPaint, useColor, type Paint } from './colors.ts'
import type { CallOptions, Client } from './client.ts'
import type { CliIo } from './cli-io.ts'
import { createClient, limitsFor } from './create-client.ts'
import type { GlobalOptions } from './global-options.ts'
import { startProgressLine } from './progress-line.ts'

/** What every command works with; built once per run. */
export interface CliContext {
  readonly io: CliIo
  /** The global options, once the command line is parsed. */
  options(): GlobalOptions
  /** The bounds to check arguments against: the cluster's settings, or any manager's. */
  limits(): Limits
  /** The client chosen by the options; made on first use, after the arguments are checked. */
  client(): Promise<Client>
  /** Prints a result on stdout: the API's JSON, or the table for people. */
  print(value: unknown, table: (paint: Paint) => string): void
  /**
   * Runs a call with the run's signal. When `waitLabel` is set and stderr is a terminal, a
   * progress line shows meanwhile: ready/desired when the client reports it, elapsed time always.
   */
  call<T>(waitLabel: string | undefined, run: (call: CallOptions) => Promise<T>): Promise<T>
}

export function createCliContext(io: CliIo, options: () => GlobalOptions): CliContext {
  let client: Promise<Client> | undefined
  return {
    io,
    options,
    limits: () => limitsFor(options(), io.env),
    client: () => (client ??= createClient(options(), io.env)),
    print(value, table) {
      if (options().output === 'json') io.stdout.write(`${JSON.stringify(value)}\n`)
      else io.stdout.write(table(createPaint(useColor(io.stdout, io.env))))
    },
    async call(waitLabel, run) {
      const line = startProgressLine(io.stderr, {
        label: waitLabel ?? '',
        enabled: waitLabel !== undefined && io.stderr.isTTY === true,
      })
      try {
        return await run({ signal: io.signal, onProgress: (progress) => line.update(progress) })
      } finally {
        line.stop()
      }
    },
  }
}
