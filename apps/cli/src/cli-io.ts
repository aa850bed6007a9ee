/** A stream the CLI writes to; a TTY also tells its width. */
export interface OutStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

/** Everything the CLI touches of its process, passed in so it can run in a test. */
export interface CliIo {
  stdout: OutStream
  stderr: OutStream
  env: Record<string, string | undefined>
  /** Aborted on Ctrl-C: waits stop (exit 130), `watch` ends (exit 0). */
  signal: AbortSignal
}
