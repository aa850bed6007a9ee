import { isLifecycleError, LifecycleError, type Principal } from '@mcp-lifecycle/core'
import type { Authenticator } from './authenticator.ts'

/** How often a long-lived stream checks that its credential still holds, by default. */
export const DEFAULT_CREDENTIAL_CHECK_MS = 2_000

/** The reason a stream ends when its credential no longer holds. */
export const CREDENTIAL_ENDED = new LifecycleError(
  'unauthorized',
  'The credential was revoked, changed or has expired; the stream ends. Reconnect with a valid one.',
  { title: 'Credential ended' }
)

export interface FollowCredentialOptions {
  authenticator: Authenticator
  /** The Authorization header the stream was opened with (kept in memory, never logged). */
  authorization: string | undefined
  /** Who it authenticated as then. */
  principal: Principal
  /** The stream ended by itself: stop checking. */
  signal: AbortSignal
  intervalMs?: number
}

/**
 * A signal that aborts (with CREDENTIAL_ENDED) once the credential a stream was opened with no
 * longer authenticates as the same principal: a token removed from the tokens file (reloaded),
 * its scope or pattern changed, a JWT past its `exp`. Authentication is only checked when a
 * request comes in; a stream outlives its request, so it asks again every `intervalMs`. A check
 * that fails for another reason (an issuer's keys out of reach) leaves the stream open.
 */
export function followCredential(options: FollowCredentialOptions): AbortSignal {
  const ended = new AbortController()
  let checking = false
  const check = async () => {
    if (checking) return
    checking = true
    try {
      const now = await options.authenticator(options.authorization)
      if (!samePrincipal(now, options.principal)) stop(CREDENTIAL_ENDED)
    } catch (error) {
      if (isLifecycleError(error) && (error.kind === 'unauthorized' || error.kind === 'forbidden'))
        stop(CREDENTIAL_ENDED)
    } finally {
      checking = false
    }
  }
  const timer = setInterval(check, options.intervalMs ?? DEFAULT_CREDENTIAL_CHECK_MS)
  timer.unref?.()
  const stop = (reason?: unknown) => {
    clearInterval(timer)
    options.signal.removeEventListener('abort', onStreamEnd)
    if (reason) ended.abort(reason)
  }
  const onStreamEnd = () => stop()
  options.signal.addEventListener('abort', onStreamEnd, { once: true })
  if (options.signal.aborted) stop()
  return ended.signal
}

function samePrincipal(a: Principal, b: Principal): boolean {
  return a.id === b.id && a.scope === b.scope && a.servers === b.servers
}
