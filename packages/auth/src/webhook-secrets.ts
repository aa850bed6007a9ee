import { dnsLabel } from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { followFile } from './follow-file.ts'
import { InvalidFileError } from './invalid-file-error.ts'

const secretsSchema = v.record(
  dnsLabel,
  v.pipe(v.string(), v.minLength(16, 'secrets must be at least 16 characters'))
)

/** Parses the secrets file into a Map: a source is looked up by an untrusted name. */
export function parseWebhookSecrets(path: string, text: string): ReadonlyMap<string, string> {
  const result = v.safeParse(secretsSchema, JSON.parse(text))
  if (!result.success) throw InvalidFileError.of(path, result.issues)
  return new Map(Object.entries(result.output))
}

const NO_SOURCES: ReadonlyMap<string, string> = new Map()

/**
 * The webhook secrets ({source: secret}, a mounted Secret), reloaded when the file changes; no
 * file, no source (every /hooks call answers 404). A reload that fails keeps the old secrets.
 */
export function createWebhookSecrets(
  path: string | undefined,
  onReloadError: (error: unknown) => void
): () => ReadonlyMap<string, string> {
  if (!path) return () => NO_SOURCES
  const secrets = followFile(path, (text) => parseWebhookSecrets(path, text), onReloadError)
  return secrets.current
}
