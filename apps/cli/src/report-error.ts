import { isLifecycleError, LifecycleError, toProblem } from '@mcp-lifecycle/core'
import { errorLabel, useColor } from './colors.ts'
import type { CliIo } from './cli-io.ts'
import { isAbort } from './exit-codes.ts'
import type { OutputFormat } from './global-options.ts'

/**
 * A failed command says why on stderr. With --output json it also prints the API's problem
 * body on stdout, so a script reads `status`, `errors` or the last seen `server` of a timeout
 * the same way whether it called the API or the CLI.
 */
export function reportError(io: CliIo, format: OutputFormat, error: unknown): void {
  if (isAbort(error)) {
    io.stderr.write('\ninterrupted; a server being started or scaled keeps converging.\n')
    return
  }
  const known = isLifecycleError(error)
    ? error
    : new LifecycleError('internal', error instanceof Error ? error.message : String(error))
  io.stderr.write(`${errorLabel(useColor(io.stderr, io.env))} ${known.message}\n`)
  if (format === 'json') io.stdout.write(`${JSON.stringify(toProblem(known))}\n`)
}
