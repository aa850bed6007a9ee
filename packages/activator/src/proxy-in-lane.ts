import { deferredParams } from './deferred-session.ts'
import { podsAnswer } from './pods-answer.ts'
import type { ProxyCall } from './proxy-call.ts'
import { admit, proxyAdmitted } from './proxy-request.ts'
import type { ProxySetup } from './proxy-setup.ts'
import type { Relayed } from './send-to-pod.ts'

/**
 * The proxying of the manager's node-level lane (runtime's mcp-lane.ts): a request to a server
 * whose pods answer, outside a deferred session and not a subscriptions/listen, after the same
 * front door as hono's route. Undefined, with nothing read or changed, for any other request
 * and for every refusal: hono's route then takes it from the start and answers as it would.
 */
export async function proxyInLane(
  s: ProxySetup,
  call: ProxyCall,
  name: string
): Promise<Response | Relayed | undefined> {
  // A listen's stream is kept to be ended before a stop: hono's route relays it.
  if (call.headers.get('mcp-method') === 'subscriptions/listen') return undefined
  let admitted
  try {
    admitted = await admit(s, call, name)
  } catch {
    return undefined
  }
  if (!admitted || !podsAnswer(admitted.deployment)) return undefined
  if (admitted.pinned && deferredParams(admitted.pinned)) return undefined
  return proxyAdmitted(s, admitted)
}
