import { isLifecycleError } from '@mcp-lifecycle/core'
import { CommanderError } from 'commander'

/** The exit codes scripts can rely on; documented in the README and in `mcpl --help`. */
export const EXIT_CODES = {
  ok: 0,
  failure: 1,
  usage: 2,
  timeout: 3,
  notFound: 4,
  /** 128 + SIGINT, as shells report a process ended by Ctrl-C. */
  interrupted: 130,
} as const

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

// Commander's own outcomes that are not mistakes: asking for help or the version.
const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.version'])

/** The exit code for anything a command threw: from the error's kind, else its HTTP status. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    return COMMANDER_SUCCESS.has(error.code) ? EXIT_CODES.ok : EXIT_CODES.usage
  }
  if (isAbort(error)) return EXIT_CODES.interrupted
  if (!isLifecycleError(error)) return EXIT_CODES.failure
  if (error.kind === 'not-found' || error.status === 404) return EXIT_CODES.notFound
  if (error.kind === 'timeout' || error.status === 504) return EXIT_CODES.timeout
  if (error.kind === 'invalid' || error.status === 400) return EXIT_CODES.usage
  return EXIT_CODES.failure
}

/** Ctrl-C aborts the run's signal; operations rethrow its reason, an AbortError. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError'
}
