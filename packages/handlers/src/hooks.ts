import {
  createWebhookSchema,
  deliverOnce,
  dnsLabel,
  DEFAULT_LIMITS,
  LifecycleError,
  parseInput,
  serverStatusViewSchema,
} from '@mcp-lifecycle/core'
import * as v from 'valibot'
import {
  createBaseApp,
  type HandlerDeps,
  operationContext,
  validate,
  withoutBearer,
} from '@mcp-lifecycle/http-kit'
import { describeOperation, MUTATION_ERRORS } from './describe-operation.ts'
import { verifyWebhookDelivery } from './webhook-delivery.ts'

export interface HooksDeps extends HandlerDeps {
  /**
   * The secret of each webhook source, read at each request (the file may be reloaded). None
   * by default: then every /hooks call answers 404.
   */
  webhookSecrets?: () => ReadonlyMap<string, string>
  /** The clock that Standard Webhooks timestamps are checked against (tests set it). */
  now?: () => number
}

const sourceParams = v.object({ source: dnsLabel })

/**
 * POST /hooks/{source}: `{action, name, ...}` signed with the source's secret (Standard Webhooks,
 * or GitHub's X-Hub-Signature-256: webhook-delivery.ts). Unknown source 404, bad or missing
 * signature 401, no delivery id 400, all before any Kubernetes call. A delivery seen before is
 * answered with the current status and not acted on again.
 */
export function createHooksApp(deps: HooksDeps) {
  const schema = createWebhookSchema(deps.limits ?? DEFAULT_LIMITS)
  // Authenticated by the signature of each delivery, not by a bearer token.
  return withoutBearer(createBaseApp(deps)).post(
    '/hooks/:source',
    describeOperation(
      'Act on a signed webhook',
      serverStatusViewSchema,
      {
        ...MUTATION_ERRORS,
        401: 'Missing or wrong signature, or a timestamp out of tolerance',
        413: 'Body too large',
      },
      {
        params: sourceParams,
        body: schema,
        description:
          'Signed with the source secret. Standard Webhooks (recommended): webhook-id, webhook-timestamp (Unix seconds, within 5 min) and webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>. Or GitHub: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body> with X-GitHub-Delivery (or X-Delivery-Id). A delivery already handled (same id, or for GitHub the same signed body) is answered without acting again (X-Delivery: duplicate).',
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
      const nowSeconds = Math.floor((deps.now ?? Date.now)() / 1000)
      const delivery = await verifyWebhookDelivery(c, secret, raw, nowSeconds)
      const { namespace, ...input } = parseBody(schema, raw)
      const principal = { id: `webhook:${source}`, scope: 'write' as const }
      // On the ports (and the delivery record) of the namespace named: 404 when not managed.
      const ctx = { ...operationContext(c, deps, false, namespace), principal }
      const { view, duplicate } = await deliverOnce(
        ctx,
        { via: 'webhook', sender: principal.id, source, ...delivery },
        input.action,
        input
      )
      return c.json(view, 200, { 'X-Delivery': duplicate ? 'duplicate' : 'handled' })
    }
  )
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
