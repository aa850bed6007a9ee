import { createHash } from 'node:crypto'
import type { V1PodTemplateSpec } from '@kubernetes/client-node'

/**
 * A hash of a Deployment's pod template (image, command, args, env, volumes...): discovery
 * answers are kept under it, so a new template drops them. Keys sorted and empty values left
 * out, so a typed object and a raw watch event of the same template hash alike.
 */
export function templateHash(template: V1PodTemplateSpec | undefined): string {
  const canonical = canonicalJson(JSON.parse(JSON.stringify(template ?? {})))
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22)
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  const entries = Object.entries(value)
    .filter(([, v]) => v !== null && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}
