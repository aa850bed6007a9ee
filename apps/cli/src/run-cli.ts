import { CommanderError } from 'commander'
import type { CliIo } from './cli-io.ts'
import { createProgram } from './create-program.ts'
import { exitCodeFor, EXIT_CODES, type ExitCode } from './exit-codes.ts'
import type { GlobalOptions } from './global-options.ts'
import { reportError } from './report-error.ts'

/** Runs one command line (without `node mcpl`) and answers its exit code; never throws. */
export async function runCli(args: string[], io: CliIo): Promise<ExitCode> {
  const program = createProgram(io)
  try {
    await program.parseAsync(args, { from: 'user' })
    return EXIT_CODES.ok
  } catch (error) {
    // Commander has already said what was wrong with the command line.
    if (!(error instanceof CommanderError)) {
      reportError(io, program.opts<GlobalOptions>().output, error)
    }
    return exitCodeFor(error)
  }
}
