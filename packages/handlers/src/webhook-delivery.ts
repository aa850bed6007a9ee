import { verifyStandardWebhook, verifyWebhookSignature } from '@mcp-lifecycle/auth'
import { LifecycleError } from '@mcp-lifecycle/core'
import type { Context } from 'hono'

/** How far a Standard Webhooks timestamp may be from the server's clock (the standard's 5 min). */
export const WEBHOOK_TOLERANCE_SECONDS = 300

/** A verified delivery: its id, and what it signed when the id is not signed (GitHub's scheme). */
export interface WebhookDelivery {
  id: string
  signedBody?: string
}

/**
 * Verifies a delivery under one of two schemes, and names it so it acts once:
 * - Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), recommended:
 *   the signature covers id, timestamp and body, and an old timestamp is refused.
 * - GitHub's `X-Hub-Signature-256`, over the body only: the delivery id (`X-GitHub-Delivery`
 *   or `X-Delivery-Id`) is required, and the signature is recorded too, so a captured delivery
 *   replayed under a new id is still a duplicate (issue 26).
 */
export async function verifyWebhookDelivery(
  c: Context,
  secret: string,
  raw: Uint8Array,
  nowSeconds: number
): Promise<WebhookDelivery> {
  if (c.req.header('webhook-signature') !== undefined || c.req.header('webhook-id') !== undefined) {
    const headers = {
      id: c.req.header('webhook-id'),
      timestamp: c.req.header('webhook-timestamp'),
      signature: c.req.header('webhook-signature'),
    }
    const id = await verifyStandardWebhook(
      secret,
      headers,
      raw,
      nowSeconds,
      WEBHOOK_TOLERANCE_SECONDS
    )
    return { id }
  }
  const signature = c.req.header('x-hub-signature-256')
  if (signature === undefined) {
    throw new LifecycleError(
      'unauthorized',
      'Sign the delivery: webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks), or X-Hub-Signature-256 with X-GitHub-Delivery.'
    )
  }
  await verifyWebhookSignature(secret, raw, signature)
  const id = readDeliveryId(c.req.header('x-github-delivery'), c.req.header('x-delivery-id'))
  return { id, signedBody: signature.trim().toLowerCase() }
}

/** GitHub's scheme: the delivery id is required (without one, every replay would act). */
function readDeliveryId(github: string | undefined, generic: string | undefined): string {
  const [header, value] =
    github !== undefined ? ['X-GitHub-Delivery', github] : ['X-Delivery-Id', generic]
  if (value === undefined || value.trim() === '') {
    throw new LifecycleError(
      'invalid',
      `${header}: missing or empty; send a unique id per delivery (a retry repeats it).`,
      { field: header }
    )
  }
  if (value.length > 256) {
    throw new LifecycleError('invalid', `${header}: longer than 256 characters.`, { field: header })
  }
  return value
}
