import { readFileSync, watchFile } from 'node:fs'
import * as v from 'valibot'

const secretsSchema = v.record(
  v.pipe(
    v.string(),
    v.regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'source names are DNS-1123 labels')
  ),
  v.pipe(v.string(), v.minLength(16, 'secrets must be at least 16 characters'))
)

function load(path: string): Record<string, string> {
  const result = v.safeParse(secretsSchema, JSON.parse(readFileSync(path, 'utf8')))
  if (!result.success) {
    throw new Error(
      `MCPL_WEBHOOK_SECRETS_FILE ${path}: ${v.getDotPath(result.issues[0]) ?? ''} ${result.issues[0].message}`
    )
  }
  return result.output
}

/**
 * The webhook secrets ({source: secret}, a mounted Secret), reloaded when the file changes; no
 * file, no source (every /hooks call answers 404). A reload that fails keeps the old secrets.
 */
export function createWebhookSecrets(
  path: string | undefined,
  onReloadError: (error: unknown) => void
) {
  if (!path) return () => ({})
  let secrets = load(path)
  watchFile(path, { interval: 1000, persistent: false }, () => {
    try {
      secrets = load(path)
    } catch (error) {
      onReloadError(error)
    }
  })
  return () => secrets
}
