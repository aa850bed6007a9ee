/** One line of the audit trail: every mutation attempt, whatever its outcome. */
export interface AuditRecord {
  who: string
  action: 'start' | 'stop' | 'scale'
  server: string
  /** The server's namespace, when the process manages namespaces by name. */
  namespace?: string
  /** Desired replicas before, when known (not known when the attempt failed early). */
  from?: number
  /** Desired replicas asked for. */
  to?: number
  dry_run: boolean
  /** The change: 'changed', 'unchanged', 'duplicate' (a delivery seen before), or the error kind. */
  outcome: string
  /** When the caller waited after the change: 'done', or the error kind that ended the wait. */
  wait?: string
}
