import type { ServerStatusView } from '../view-schemas.ts'
import type { OperationContext } from './context.ts'
import { getServerStatus } from './status.ts'

export interface Delivery {
  view: ServerStatusView
  /** True when the delivery had been handled before: nothing was done this time. */
  duplicate: boolean
}

/**
 * At-least-once senders (webhooks, Knative) made to act once: the delivery key is claimed in
 * the backend's shared record before acting; a key seen before answers the current status
 * without acting. If the action fails the claim is released, so a redelivery can retry.
 * Limit: a crash between the claim and the action loses that delivery (at most once then).
 */
export async function deliverOnce(
  ctx: OperationContext,
  key: string,
  name: string,
  act: () => Promise<ServerStatusView>
): Promise<Delivery> {
  if (!(await ctx.backend.claimDelivery(key))) {
    return { view: await getServerStatus(ctx, name), duplicate: true }
  }
  try {
    return { view: await act(), duplicate: false }
  } catch (error) {
    await ctx.backend.releaseDelivery(key).catch(() => {})
    throw error
  }
}
