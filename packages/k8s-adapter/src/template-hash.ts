import { createHash } from 'node:crypto'
import type { V1PodTemplateSpec } from '@kubernetes/client-node'

/**
 * A hash of a Deployment's pod template (image, command, args, env, volumes...): discovery
 * answers are kept under it, so a new template drops them. Keys sorted and empty values left
 * out, so a typed object and a raw watch event of the same template hash alike.
 */
export function templateHash(template: V1PodTemplateSpec | undefined): string {
  const kept = template && hashOfCutTemplate.get(template)
  if (kept !== undefined) return kept
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

// A cache's LIST cuts each pod template down to its labels (read-fields.ts) before the snapshot is
// made: the cut template carries the hash of the whole one, so a listed and a watched Deployment
// of the same template hash alike. Weak: forgotten with the cut object.
const hashOfCutTemplate = new WeakMap<V1PodTemplateSpec, string>()

/** `cut` stands for `whole` in templateHash. */
export function cutTemplate(whole: V1PodTemplateSpec, cut: V1PodTemplateSpec): V1PodTemplateSpec {
  hashOfCutTemplate.set(cut, templateHash(whole))
  return cut
}
