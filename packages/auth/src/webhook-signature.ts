import { LifecycleError } from '@mcp-lifecycle/core'

const encoder = new TextEncoder()

/**
 * Checks GitHub's `X-Hub-Signature-256: sha256=<hex>` header: HMAC-SHA256 of the raw body with
 * the source's secret. WebCrypto's verify compares in constant time. Throws 401 otherwise.
 */
export async function verifyWebhookSignature(
  secret: string,
  rawBody: Uint8Array,
  header: string | undefined
) {
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '')?.[1]
  if (!hex) {
    throw new LifecycleError(
      'unauthorized',
      'Sign the body: X-Hub-Signature-256: sha256=<HMAC-SHA256 hex>.'
    )
  }
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify']
  )
  const signature = Uint8Array.from(hex.match(/../g)!, (byte) => parseInt(byte, 16))
  if (!(await crypto.subtle.verify('HMAC', key, signature, rawBody))) {
    throw new LifecycleError('unauthorized', 'The webhook signature does not match the body.')
  }
}
