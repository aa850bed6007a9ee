import { setTimeout as sleep } from 'node:timers/promises'
import * as z from 'zod'
import type { Identity } from './identity.ts'

// What the three tools say and do, whichever SDK line serves them (create-example-server.ts on
// v1, create-example-server-v2.ts on v2): only the registration differs between the two.

export const DESCRIPTIONS = {
  whoami: 'The pod (name, IP, port), mode and pid of the process that answers.',
  echo: 'Answers with the text it was given.',
  slow_count:
    'Counts to `count`, one step every `interval_ms`, with a progress notification per step (when the call has a progressToken), then answers. A long call that streams over SSE.',
}

export const ECHO_FIELDS = { text: z.string() }

export const SLOW_COUNT_FIELDS = {
  count: z.number().int().min(1).max(1000),
  interval_ms: z.number().int().min(0).max(10_000).default(50),
}

export function whoami(identity: Identity) {
  return {
    content: [{ type: 'text' as const, text: JSON.stringify(identity) }],
    structuredContent: { ...identity },
  }
}

export function echo(text: string) {
  return { content: [{ type: 'text' as const, text }] }
}

/** A progress notification, as each SDK sends one for the call. */
type SendProgress = (notification: {
  method: 'notifications/progress'
  params: { progressToken: string | number; progress: number; total: number; message: string }
}) => Promise<void>

/**
 * slow_count: one step every `intervalMs`, a progress notification per step when the call has a
 * progress token; a client that cancels or hangs up (`signal`) stops the count.
 */
export async function slowCount(
  { count, interval_ms }: { count: number; interval_ms: number },
  progressToken: string | number | undefined,
  signal: AbortSignal,
  send: SendProgress
) {
  for (let step = 1; step <= count; step++) {
    await sleep(interval_ms, undefined, { signal })
    if (progressToken === undefined) continue
    await send({
      method: 'notifications/progress',
      params: { progressToken, progress: step, total: count, message: `${step}/${count}` },
    })
  }
  return { content: [{ type: 'text' as const, text: `counted to ${count}` }] }
}
