/**
 * How an at-least-once delivery (webhook, CloudEvent) takes part in a mutation: claimed once
 * the caller is admitted (access, rate limit, wait slot) and before anything is read or
 * changed; released when the attempt failed before changing anything, so a redelivery retries.
 */
export interface DeliveryGuard {
  /** False when this delivery was handled before. */
  claim(): Promise<boolean>
  release(): Promise<void>
}

/** Thrown by the mutation frame when the claim finds the delivery already handled. */
export class AlreadyDelivered extends Error {
  constructor() {
    super('This delivery was handled before.')
    this.name = 'AlreadyDelivered'
  }
}
