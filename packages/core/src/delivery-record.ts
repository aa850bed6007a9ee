/**
 * The idempotency store of at-least-once deliveries (webhooks, CloudEvents): a port of its own,
 * apart from the lifecycle backend. Shared by every replica and kept across restarts, so that
 * a delivery is acted on once whichever replica receives it.
 */
export interface DeliveryRecord {
  /** Records the key as handled; false when it was already recorded (by anyone). */
  claim(key: string): Promise<boolean>
  /** Forgets a claimed key whose action failed before changing anything, so a redelivery may act. */
  release(key: string): Promise<void>
}
