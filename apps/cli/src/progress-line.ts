import type { Progress } from '@mcp-lifecycle/core'

export interface ProgressLine {
  /** Redraws with the latest ready/desired, when the client reports it. */
  update(progress: Progress): void
  /** Stops the timer and erases the line, leaving the terminal as it was. */
  stop(): void
}

export interface ProgressLineOptions {
  /** What is being waited for: `waiting for weather`. */
  label: string
  /** Only a person at a terminal gets the line; elsewhere it would be noise in a log. */
  enabled: boolean
  now?: () => number
  intervalMs?: number
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
// Carriage return, then erase the whole line (ECMA-48 EL 2).
const CLEAR_LINE = '\r\x1b[2K'

const disabled: ProgressLine = { update() {}, stop() {} }

/**
 * A single live line on a terminal while a call waits: `⠋ waiting for weather: 0/1 ready, 3s`,
 * redrawn on every progress report and every second for the elapsed time.
 */
export function startProgressLine(
  stream: { write(text: string): unknown },
  options: ProgressLineOptions
): ProgressLine {
  if (!options.enabled) return disabled
  const now = options.now ?? Date.now
  const started = now()
  let frame = 0
  let progress: Progress | undefined
  const draw = () => {
    const spinner = FRAMES[frame++ % FRAMES.length]
    const counts = progress ? `${progress.ready}/${progress.desired} ready, ` : ''
    stream.write(
      `${CLEAR_LINE}${spinner} ${options.label}: ${counts}${formatElapsed(now() - started)}`
    )
  }
  draw()
  const timer = setInterval(draw, options.intervalMs ?? 1000)
  timer.unref()
  return {
    update(next) {
      progress = next
      draw()
    },
    stop() {
      clearInterval(timer)
      stream.write(CLEAR_LINE)
    },
  }
}

/** `12s`, `1m05s`: whole seconds, as a person reads a stopwatch. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  if (seconds < 60) return `${seconds}s`
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
}
