import type { ServerStatus } from '@mcp-lifecycle/core'
import { styleText } from 'node:util'

/** Colours a status cell after padding, so escape codes never shift the columns. */
export type Paint = (status: ServerStatus, text: string) => string

type Format = Parameters<typeof styleText>[0]

const STATUS_FORMATS: Record<ServerStatus, Format> = {
  running: 'green',
  stopped: 'gray',
  pending: 'yellow',
  scaling: 'cyan',
  failed: 'red',
}

/**
 * Colours only for a person at a terminal: the stream is a TTY, NO_COLOR is unset or empty
 * (https://no-color.org) and the terminal is not `dumb`.
 */
export function useColor(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined>
): boolean {
  if (stream.isTTY !== true) return false
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  return env.TERM !== 'dumb'
}

export const plain: Paint = (_status, text) => text

export function createPaint(enabled: boolean): Paint {
  if (!enabled) return plain
  // The decision is ours (useColor), so styleText must not check the stream again.
  return (status, text) => styleText(STATUS_FORMATS[status], text, { validateStream: false })
}

/** `error:` in red on a terminal, for messages on stderr. */
export function errorLabel(enabled: boolean): string {
  return enabled ? styleText(['bold', 'red'], 'error:', { validateStream: false }) : 'error:'
}
