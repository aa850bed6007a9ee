import {
  createWebhookSchema,
  deliverOnce,
  DEFAULT_LIMITS,
  LifecycleError,
  runAction,
  serverStatusViewSchema,
} from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { describeOperation, documentJsonBody, MUTATION_ERRORS } from './describe-operation.ts'
import { createBaseApp, operationContext, type HandlerDeps } from './handler-deps.ts'
import { validate } from './validate.ts'
import { verifyWebhookSignature } from './webhook-signature.ts'

export interface HooksDeps extends HandlerDeps {
  /** The secret of each webhook source, read at each request (the file may be reloaded); none by default. */
  webhookSecrets?: () => Readonly<Record<string, string>>
}

const sourceParams = v.object({
  source: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label')
  ),
})

/**
 * POST /hooks/{source}: `{action, name, ...}` signed with the source's secret (GitHub's
 * X-Hub-Signature-256). Unknown source 404, bad or missing signature 401, all before any
 * Kubernetes call. A delivery id (X-GitHub-Delivery or X-Delivery-Id) seen before is answered
 * with the current status and not acted on again.
 */
export function createHooksApp(deps: HooksDeps) {
  const schema = createWebhookSchema(deps.limits ?? DEFAULT_LIMITS)
  return createBaseApp(deps).post(
    '/hooks/:source',
    describeOperation(
      'Act on a signed webhook',
      serverStatusViewSchema,
      { ...MUTATION_ERRORS, 401: 'Missing or wrong X-Hub-Signature-256', 413: 'Body too large' },
      'HMAC-SHA256 of the raw body with the source secret, in X-Hub-Signature-256: sha256=<hex>. A delivery id (X-GitHub-Delivery or X-Delivery-Id) already handled is answered without acting again (X-Delivery: duplicate).'
    ),
    validate('param', sourceParams),
    documentJsonBody(schema),
    async (c) => {
      const { source } = c.req.valid('param')
      const secret = deps.webhookSecrets?.()[source]
      if (!secret)
        throw new LifecycleError('not-found', `No webhook source '${source}' is configured.`)
      const raw = await c.req.text()
      await verifyWebhookSignature(secret, raw, c.req.header('x-hub-signature-256'))
      const input = parseBody(schema, raw)
      const ctx = {
        ...operationContext(c, deps),
        principal: { id: `webhook:${source}`, scope: 'write' as const },
      }
      const act = () => runAction(ctx, input.action, input)
      const deliveryId = c.req.header('x-github-delivery') ?? c.req.header('x-delivery-id')
      if (!deliveryId) return c.json(await act())
      const { view, duplicate } = await deliverOnce(
        ctx,
        `webhook:${source}:${deliveryId}`,
        input.name,
        act
      )
      return c.json(view, 200, { 'X-Delivery': duplicate ? 'duplicate' : 'handled' })
    }
  )
}

function parseBody<S extends v.GenericSchema>(schema: S, raw: string): v.InferOutput<S> {
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    throw new LifecycleError('invalid', 'body: not valid JSON', { field: 'body' })
  }
  const result = v.safeParse(schema, body)
  if (result.success) return result.output
  const field = v.getDotPath(result.issues[0]) ?? 'body'
  throw new LifecycleError('invalid', `${field}: ${result.issues[0].message}`, { field })
}
