import type { ListenStreams } from './listen-streams.ts'
import { responseOf } from './pod-answer.ts'
import type { Relayed } from './send-to-pod.ts'
import { tapBody } from './tap-body.ts'

/** A relayed answer as hono's route gives it: a fetch Response, its listen stream kept. */
export function relayedResponse(listens: ListenStreams, relayed: Relayed): Response {
  const response = responseOf(relayed.answer)
  if (relayed.listen !== undefined) return listens.relay(relayed.name, response, relayed.listen)
  return relayed.tap ? tapBody(response, relayed.tap) : response
}

/** Whether the proxy's outcome is a pod's relayed answer (else an answer of the manager's). */
export function isRelayed(outcome: Response | Relayed): outcome is Relayed {
  return 'answer' in outcome
}
