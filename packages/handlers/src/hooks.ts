import {
  createWebhookSchema,
  deliverOnce,
  dnsLabel,
  DEFAULT_LIMITS,
  LifecycleError,
  parseInput,
  runAction,
  serverStatusViewSchema,
} from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { describeOperation, MUTATION_ERRORS } from './describe-operation.ts'
import { createBaseApp, operationContext, type HandlerDeps } from './handler-deps.ts'
import { withoutBearer } from './without-bearer.ts'
import { validate } from './validate.ts'
import { verifyWebhookSignature } from '@mcp-lifecycle/auth'

export interface HooksDeps extends HandlerDeps {
  /**
   * The secret of each webhook source, read at each request (the file may be reloaded). None
   * by default: then every /hooks call answers 404.
   */
  webhookSecrets?: () => ReadonlyMap<string, string>
}

const sourceParams = v.object({ source: dnsLabel })

/**
 * POST /hooks/{source}: `{action, name, ...}` signed with the source's secret (GitHub's
 * X-Hub-Signature-256). Unknown source 404, bad or missing signature 401, all before any
 * Kubernetes call. A delivery id (X-GitHub-Delivery or X-Delivery-Id) seen before is answered
 * with the current status and not acted on again.
 */
export function createHooksApp(deps: HooksDeps) {
  const schema = createWebhookSchema(deps.limits ?? DEFAULT_LIMITS)
  // Authenticated by the signature of each delivery, not by a bearer token.
  return withoutBearer(createBaseApp(deps)).post(
    '/hooks/:source',
    describeOperation(
      'Act on a signed webhook',
      serverStatusViewSchema,
      { ...MUTATION_ERRORS, 401: 'Missing or wrong X-Hub-Signature-256', 413: 'Body too large' },
      {
        params: sourceParams,
        body: schema,
        description:
          'HMAC-SHA256 of the raw body with the source secret, in X-Hub-Signature-256: sha256=<hex>. A delivery id (X-GitHub-Delivery or X-Delivery-Id) already handled is answered without acting again (X-Delivery: duplicate).',
      }
    ),
    validate('param', sourceParams),
    async (c) => {
      const { source } = c.req.valid('param')
      // A Map: a source named like an Object property ('constructor') must not find a secret.
      const secret = deps.webhookSecrets?.().get(source)
      if (secret === undefined) {
        throw new LifecycleError('not-found', `No webhook source '${source}' is configured.`, {
          title: 'Unknown webhook source',
        })
      }
      // The signature covers the bytes as sent (a BOM included), not their decoded text.
      const raw = new Uint8Array(await c.req.arrayBuffer())
      await verifyWebhookSignature(secret, raw, c.req.header('x-hub-signature-256'))
      const input = parseBody(schema, raw)
      const deliveryId = readDeliveryId(
        c.req.header('x-github-delivery'),
        c.req.header('x-delivery-id')
      )
      const principal = { id: `webhook:${source}`, scope: 'write' as const }
      const ctx = { ...operationContext(c, deps), principal }
      if (deliveryId === undefined) return c.json(await runAction(ctx, input.action, input))
      const { view, duplicate } = await deliverOnce(
        ctx,
        { via: 'webhook', sender: principal.id, source, id: deliveryId },
        input.action,
        input
      )
      return c.json(view, 200, { 'X-Delivery': duplicate ? 'duplicate' : 'handled' })
    }
  )
}

/** The delivery id, when the sender gave one; an empty one is refused, not ignored. */
function readDeliveryId(github: string | undefined, generic: string | undefined) {
  const [header, value] =
    github !== undefined ? ['X-GitHub-Delivery', github] : ['X-Delivery-Id', generic]
  if (value === undefined) return undefined
  if (value.trim() === '') {
    throw new LifecycleError(
      'invalid',
      `${header}: empty; send a unique id per delivery (a retry repeats it), or leave the header out.`,
      { field: header }
    )
  }
  return value
}

function parseBody<S extends v.GenericSchema>(schema: S, raw: Uint8Array): v.InferOutput<S> {
  let body: unknown
  try {
    // The decoder drops a leading BOM; fatal: bytes that are not UTF-8 are refused.
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
  } catch {
    throw new LifecycleError('invalid', 'body: not valid JSON', { field: 'body' })
  }
  return parseInput(schema, body, { noun: 'field', whole: 'body' })
}
