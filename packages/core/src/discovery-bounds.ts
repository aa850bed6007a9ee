import { answerKey, type KeptAnswer, type KeptDiscovery } from './discovery-answer.ts'

/**
 * Bounds on what is kept per server. The total is then bounded by the number of servers: one
 * record per server, gone with it. The byte bound leaves a ConfigMap (at most 1 MiB) room.
 */
export interface DiscoveryBounds {
  /** Bytes of JSON kept per server at most, every answer included. */
  maxServerBytes: number
  /** Answers kept per server at most (pages, revisions and private answers each count). */
  maxAnswers: number
}

const UTF8 = new TextEncoder()

export const DEFAULT_DISCOVERY_BOUNDS: DiscoveryBounds = {
  maxServerBytes: 512 * 1024,
  maxAnswers: 64,
}

/**
 * What is kept once `answer` is added under `template`: answers of another template are dropped
 * (the pod changed), the answer replaces one of the same key, and past the bounds the oldest
 * others go. Undefined when the answer alone is over the byte bound: it is not kept.
 */
export function keepAnswer(
  kept: KeptDiscovery | undefined,
  template: string,
  answer: KeptAnswer,
  bounds: DiscoveryBounds
): KeptDiscovery | undefined {
  const size = (a: KeptAnswer) => UTF8.encode(JSON.stringify(a)).length
  let budget = bounds.maxServerBytes - template.length - size(answer)
  if (budget < 0) return undefined
  const key = answerKey(answer)
  const others = (kept?.template === template ? kept.answers : [])
    .filter((a) => answerKey(a) !== key)
    .sort((a, b) => b.takenAt - a.takenAt)
  const answers = [answer]
  for (const other of others) {
    if (answers.length >= bounds.maxAnswers) break
    budget -= size(other)
    if (budget < 0) break
    answers.push(other)
  }
  return { template, answers }
}
