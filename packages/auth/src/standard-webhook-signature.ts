import { LifecycleError } from '@mcp-lifecycle/core'

const encoder = new TextEncoder()

/** What a Standard Webhooks delivery says of itself, from its three headers. */
export interface StandardWebhookHeaders {
  id: string | undefined
  timestamp: string | undefined
  signature: string | undefined
}

/**
 * Checks a Standard Webhooks delivery (standardwebhooks.com): `webhook-signature` holds one or
 * more `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, so the id and the time are signed with
 * the body: a captured delivery cannot be sent again under a new id, nor later than
 * `toleranceSeconds` (either side of `nowSeconds`). The key is the secret's bytes, or, for a
 * `whsec_<base64>` secret, the decoded bytes (the standard's own form). Throws 401 otherwise,
 * 400 for a missing id or timestamp. Answers the delivery id.
 */
export async function verifyStandardWebhook(
  secret: string,
  headers: StandardWebhookHeaders,
  rawBody: Uint8Array,
  nowSeconds: number,
  toleranceSeconds: number
): Promise<string> {
  const id = required('webhook-id', headers.id)
  const timestamp = required('webhook-timestamp', headers.timestamp)
  if (!/^\d{1,12}$/.test(timestamp))
    throw invalid('webhook-timestamp', 'not a Unix time in seconds')
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    throw new LifecycleError(
      'unauthorized',
      `webhook-timestamp: more than ${toleranceSeconds} s from the server's time; a delivery is signed anew when it is sent.`
    )
  }
  const signed = concat(encoder.encode(`${id}.${timestamp}.`), rawBody)
  const key = await crypto.subtle.importKey(
    'raw',
    keyBytes(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify']
  )
  for (const signature of v1Signatures(headers.signature)) {
    if (await crypto.subtle.verify('HMAC', key, signature, signed)) return id
  }
  throw new LifecycleError(
    'unauthorized',
    'webhook-signature: no v1 signature matches webhook-id.webhook-timestamp.body.'
  )
}

function required(header: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw invalid(header, 'missing or empty')
  if (value.length > 256) throw invalid(header, 'longer than 256 characters')
  return value
}

function invalid(header: string, detail: string) {
  return new LifecycleError('invalid', `${header}: ${detail}.`, { field: header })
}

function keyBytes(secret: string): Uint8Array<ArrayBuffer> {
  return secret.startsWith('whsec_')
    ? new Uint8Array(Buffer.from(secret.slice('whsec_'.length), 'base64'))
    : encoder.encode(secret)
}

/** The `v1,<base64>` entries of the header (space separated); others are skipped. */
function v1Signatures(header: string | undefined): Uint8Array<ArrayBuffer>[] {
  const signatures = (header ?? '')
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .slice(0, 8)
    .map((entry) => new Uint8Array(Buffer.from(entry.slice(3), 'base64')))
  if (signatures.length === 0)
    throw new LifecycleError('unauthorized', 'Sign the delivery: webhook-signature: v1,<base64>.')
  return signatures
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(a.length + b.length)
  joined.set(a)
  joined.set(b, a.length)
  return joined
}
