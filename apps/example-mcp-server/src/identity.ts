import type { Mode } from './options.ts'

/** What whoami answers: enough for a test to tell which pod's process served a request. */
export interface Identity {
  pod: string
  ip: string
  port: number
  mode: Mode
  pid: number
}
