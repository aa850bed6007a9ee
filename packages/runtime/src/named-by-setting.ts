import { InvalidFileError } from '@mcp-lifecycle/auth'

/**
 * A credentials file's error, reworded to name the setting that named the file: other packages
 * know files by path, only runtime knows the settings' names.
 */
export function namedBySetting(setting: string, error: unknown): unknown {
  if (!(error instanceof InvalidFileError)) return error
  return new Error(`${setting} ${error.message}`, { cause: error })
}

/** Opens a file named by `setting` (first read at once), its error reworded likewise. */
export function openNamedBySetting<T>(setting: string, open: () => T): T {
  try {
    return open()
  } catch (error) {
    throw namedBySetting(setting, error)
  }
}
