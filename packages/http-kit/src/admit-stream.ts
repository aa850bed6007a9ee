import { DEFAULT_STREAM_LIMITS, StreamSlots } from '@mcp-lifecycle/core'
import { followCredential } from '@mcp-lifecycle/auth'
import type { Context } from 'hono'
import type { HandlerDeps } from './handler-deps.ts'
import { operationContext } from './operation-context.ts'

/** A long-lived stream let in: when it must end, and what to call once it has. */
export interface AdmittedStream {
  /**
   * Aborts when the client leaves, the process stops, or the credential no longer holds (then
   * its reason is the LifecycleError to close the stream with).
   */
  signal: AbortSignal
  /** Gives the stream's slot back and stops following the credential; idempotent. */
  close(): void
}

/** The slots of an app that was not given shared ones (tests, a function alone). */
export function streamSlotsOf(deps: HandlerDeps): StreamSlots {
  return deps.streamSlots ?? new StreamSlots(DEFAULT_STREAM_LIMITS)
}

/**
 * Lets a change stream or a subscriptions/listen stream in, or throws 503 (with Retry-After)
 * when the process or the caller already holds as many as the settings allow. Its credential is
 * then followed for as long as it stays open.
 */
export function admitStream(c: Context, deps: HandlerDeps, slots: StreamSlots): AdmittedStream {
  const ctx = operationContext(c, deps)
  const release = slots.acquire(ctx.principal?.id ?? 'anonymous')
  const closed = new AbortController()
  const signals = [ctx.signal!, closed.signal]
  if (deps.authenticator && ctx.principal) {
    signals.push(
      followCredential({
        authenticator: deps.authenticator,
        authorization: c.req.header('authorization'),
        principal: ctx.principal,
        signal: closed.signal,
        ...(deps.credentialCheckMs !== undefined && { intervalMs: deps.credentialCheckMs }),
      })
    )
  }
  return {
    signal: AbortSignal.any(signals),
    close() {
      release()
      closed.abort()
    },
  }
}
