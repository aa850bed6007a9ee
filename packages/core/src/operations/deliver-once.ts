import type { Action, ActionInput } from '../actions.ts'
import type { DeliveryRecord } from '../delivery-record.ts'
import { LifecycleError } from '../errors.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import type { OperationContext } from './context.ts'
import { AlreadyDelivered } from './delivery-guard.ts'
import { runAction } from './run-action.ts'
import { getServerStatus } from './status.ts'

export interface Delivery {
  view: ServerStatusView
  /** True when the delivery had been handled before: nothing was done this time. */
  duplicate: boolean
}

/** Who sent a delivery and how it names itself; all of it is part of the record's key. */
export interface DeliveryId {
  via: 'webhook' | 'event'
  /** The authenticated sender (token id, JWT subject, webhook source): one sender cannot claim another's ids. */
  sender: string
  /** The sender's own namespace of ids (a CloudEvent's source; the webhook source). */
  source: string
  id: string
  /**
   * What the sender signed, when it signed the body alone (GitHub's scheme): the same signed
   * body sent again under a new id is then the same delivery, claimed under this key too.
   */
  signedBody?: string
}

/** An unambiguous key: JSON keeps `a:b` + `c` apart from `a` + `b:c`. */
export function deliveryKey({ via, sender, source, id }: DeliveryId): string {
  return JSON.stringify([via, sender, source, id])
}

/** Every key of a delivery: its id, and what it signed when the id is not signed. */
function deliveryKeys(delivery: DeliveryId): string[] {
  const { via, sender, source, signedBody } = delivery
  const keys = [deliveryKey(delivery)]
  if (signedBody !== undefined) keys.push(JSON.stringify([via, sender, source, 'body', signedBody]))
  return keys
}

/** Claims every key or none: a delivery is new only when none of its keys was seen. */
function claimAll(record: DeliveryRecord, keys: string[]) {
  return {
    async claim() {
      const claimed: string[] = []
      for (const key of keys) {
        if (!(await record.claim(key))) {
          await Promise.all(claimed.map((k) => record.release(k)))
          return false
        }
        claimed.push(key)
      }
      return true
    },
    release: () => Promise.all(keys.map((key) => record.release(key))).then(() => {}),
  }
}

/**
 * At-least-once senders (webhooks, Knative) made to act once: the action runs with a claim on
 * the delivery key in the shared DeliveryRecord, taken after the access check, the rate
 * limit and the wait slot and before any change. A key seen before answers the current status
 * without acting. If the action fails before changing anything the claim is released, so a
 * redelivery can retry. Limit: a crash between the claim and the change loses that delivery.
 */
export async function deliverOnce<A extends Action>(
  ctx: OperationContext,
  delivery: DeliveryId,
  action: A,
  input: ActionInput<A>
): Promise<Delivery> {
  const record = ctx.deliveries
  if (!record) {
    throw new LifecycleError(
      'internal',
      'No delivery record is configured: deliveries cannot act once.'
    )
  }
  const guard = claimAll(record, deliveryKeys(delivery))
  try {
    return { view: await runAction({ ...ctx, delivery: guard }, action, input), duplicate: false }
  } catch (error) {
    if (!(error instanceof AlreadyDelivered)) throw error
    return { view: await getServerStatus(ctx, input.name), duplicate: true }
  }
}
