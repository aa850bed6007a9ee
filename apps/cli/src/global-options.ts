export type OutputFormat = 'table' | 'json'

/** The options every command takes, before or after its name. */
export interface GlobalOptions {
  url?: string
  token?: string
  namespace?: string
  output: OutputFormat
}
