import * as v from 'valibot'

/**
 * A credentials file whose content fails its schema. It names the file by path only: the
 * process that reads its settings (runtime) says which setting named the file.
 */
export class InvalidFileError extends Error {
  readonly path: string
  readonly detail: string

  constructor(path: string, detail: string) {
    super(`${path}: ${detail}`)
    this.name = 'InvalidFileError'
    this.path = path
    this.detail = detail
  }

  /** The error of a failed parse, naming the first issue's field. */
  static of(path: string, issues: readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]) {
    const issue = issues[0]
    return new InvalidFileError(path, `${v.getDotPath(issue) ?? ''} ${issue.message}`)
  }
}
