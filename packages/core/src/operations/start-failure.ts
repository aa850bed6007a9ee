import { podStartFailure, type StartFailure } from '../pod-start-failure.ts'
import type { DeploymentSnapshot } from '../snapshot.ts'
import type { OperationContext } from './context.ts'

/**
 * Why the server's pods cannot start, as of now: the Deployment's own conditions, then its
 * pods when the context can read them (one list).
 */
export async function currentStartFailure(
  ctx: OperationContext,
  name: string,
  deployment: DeploymentSnapshot
): Promise<StartFailure | undefined> {
  const fromDeployment = podStartFailure(deployment, [])
  if (fromDeployment || !ctx.pods) return fromDeployment
  const done = new AbortController()
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, done.signal]) : done.signal
  try {
    for await (const pods of ctx.pods.watchPods(name, signal)) {
      return podStartFailure(deployment, pods)
    }
    return undefined
  } finally {
    done.abort()
  }
}

/**
 * Resolves with the first reason the server's pods cannot start, while it follows them; never
 * resolves when they can (or when the context cannot read pods). Ends with the signal.
 */
export async function firstStartFailure(
  ctx: OperationContext,
  name: string,
  signal: AbortSignal
): Promise<StartFailure> {
  if (ctx.pods) {
    try {
      for await (const pods of ctx.pods.watchPods(name, signal)) {
        const failure = podStartFailure(undefined, pods)
        if (failure) return failure
      }
    } catch {
      // Following pods is an extra: the wait itself reports the errors that matter.
    }
  }
  return new Promise(() => {})
}
