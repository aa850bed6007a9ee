import {
  answerKey,
  servableAnswer,
  type DeploymentSnapshot,
  type DiscoveryMethod,
  type DiscoverySummaries,
  type DiscoveryStore,
  type KeptAnswer,
  type KeptDiscovery,
} from '@mcp-lifecycle/core'
import type { DiscoveryCall } from './discovery-call.ts'

export interface DiscoveryKeeperOptions {
  store: DiscoveryStore
  /** Logs a failed write or read of the store (the request itself goes on). */
  onError: (server: string, error: unknown) => void
  /** Told what is read, kept and dropped, for the servers' views (no call of its own). */
  summaries?: DiscoverySummaries
  now?: () => number
}

/** An answer kept again only after this long when nothing in it changed. */
const REWRITE_AFTER_MS = 60_000
/**
 * What was read of a server is used again this long: an agent's connect and lists read the
 * store once. A drop by another replica shows here that much later at most.
 */
const READ_AGAIN_AFTER_MS = 2_000
/** Bounds on the memo of what was written lately: servers, and requests × callers per server. */
const MAX_MEMO_SERVERS = 1024
const MAX_MEMO_PER_SERVER = 256

const LIST_OF: Record<'tools' | 'prompts' | 'resources', readonly DiscoveryMethod[]> = {
  tools: ['tools/list'],
  prompts: ['prompts/list'],
  resources: ['resources/list', 'resources/templates/list'],
}

/**
 * Keeps the discovery answers the proxy relays (and the manager fetches) in the store, and
 * finds the one that may answer a request while the server sleeps. A relayed answer that did
 * not change is not written again for a minute: a busy server's lists cost no API writes.
 */
export class DiscoveryKeeper {
  private readonly options: DiscoveryKeeperOptions
  private readonly now: () => number
  /** What was last written, per server then request (Maps: the keys hold client strings). */
  private readonly written = new Map<string, Map<string, { json: string; at: number }>>()
  /** Each server's writes, one after another (concurrent ones would conflict on one record). */
  private readonly turns = new Map<string, Promise<unknown>>()
  /** The last read of each server's answers, used again for a moment. */
  private readonly reads = new Map<
    string,
    { at: number; kept: Promise<KeptDiscovery | undefined> }
  >()

  constructor(options: DiscoveryKeeperOptions) {
    this.options = options
    this.now = options.now ?? Date.now
  }

  /**
   * Keeps `result` as the answer to `call` under the server's current template, if the
   * rollout has settled (every pod runs that template). `principal` is who was answered.
   */
  keep(
    server: string,
    deployment: DeploymentSnapshot | undefined,
    call: DiscoveryCall,
    principal: string,
    result: Record<string, unknown>
  ): void {
    const template = settledTemplate(deployment)
    if (!template) return
    if (call.method === 'initialize' && result.protocolVersion !== call.revision) return
    const answer = keptAnswer(call, principal, result, this.now())
    const memo = this.memoOf(server)
    const key = JSON.stringify([template, answerKey(answer)])
    const json = JSON.stringify(result)
    const last = memo.get(key)
    if (last && last.json === json && answer.takenAt - last.at < REWRITE_AFTER_MS) return
    if (memo.size >= MAX_MEMO_PER_SERVER) memo.clear()
    memo.set(key, { json, at: answer.takenAt })
    this.reads.delete(server)
    const write = async () => {
      if (await this.options.store.keep(server, template, answer)) {
        this.options.summaries?.kept(server, template, answer)
      }
    }
    this.inTurn(server, write, () => memo.delete(key))
  }

  /** The server said these lists changed: what was kept of them goes. */
  listsChanged(server: string, kinds: readonly ('tools' | 'prompts' | 'resources')[]): void {
    if (kinds.length === 0) return
    const methods = [...new Set(kinds.flatMap((kind) => LIST_OF[kind]))]
    this.written.delete(server)
    this.reads.delete(server)
    this.inTurn(server, async () => {
      await this.options.store.drop(server, methods)
      this.options.summaries?.forget(server)
    })
  }

  private inTurn(server: string, write: () => Promise<unknown>, onFailure = () => {}): void {
    const turn = (this.turns.get(server) ?? Promise.resolve())
      .then(write)
      .catch((error: unknown) => {
        onFailure()
        this.options.onError(server, error)
      })
      .finally(() => {
        if (this.turns.get(server) === turn) this.turns.delete(server)
      })
    this.turns.set(server, turn)
  }

  private read(server: string): Promise<KeptDiscovery | undefined> {
    const now = this.now()
    const last = this.reads.get(server)
    if (last && now - last.at < READ_AGAIN_AFTER_MS) return last.kept
    // Bounded like the memo: by the servers that exist (the caller checked), then cleared.
    if (this.reads.size >= MAX_MEMO_SERVERS) this.reads.clear()
    const kept = this.options.store.read(server)
    this.reads.set(server, { at: now, kept })
    kept.then(
      (read) => this.options.summaries?.read(server, read),
      () => this.reads.delete(server)
    )
    return kept
  }

  private memoOf(server: string): Map<string, { json: string; at: number }> {
    let memo = this.written.get(server)
    if (!memo) {
      if (this.written.size >= MAX_MEMO_SERVERS) this.written.clear()
      memo = new Map()
      this.written.set(server, memo)
    }
    return memo
  }

  /** The kept answer that may answer `call` from `principal` now; undefined when none may. */
  async answer(
    server: string,
    deployment: DeploymentSnapshot,
    call: DiscoveryCall,
    principal: string
  ): Promise<KeptAnswer | undefined> {
    if (!deployment.templateHash) return undefined
    try {
      const kept = await this.read(server)
      return servableAnswer(kept, call, {
        template: deployment.templateHash,
        annotations: deployment.annotations,
        principal,
        now: this.now(),
      })
    } catch (error) {
      this.options.onError(server, error)
      return undefined
    }
  }
}

/** The template every pod of the server runs, once the rollout has settled. */
function settledTemplate(d: DeploymentSnapshot | undefined): string | undefined {
  if (!d?.templateHash || d.observedGeneration < d.generation) return undefined
  return d.updatedReplicas === d.currentReplicas ? d.templateHash : undefined
}

function keptAnswer(
  call: DiscoveryCall,
  principal: string,
  result: Record<string, unknown>,
  takenAt: number
): KeptAnswer {
  const scope = result.cacheScope === 'public' || result.cacheScope === 'private'
  const ttlMs = result.ttlMs
  return {
    revision: call.revision,
    method: call.method,
    cursor: call.cursor,
    result,
    takenAt,
    ...(scope && { scope: result.cacheScope as 'public' | 'private' }),
    ...(typeof ttlMs === 'number' && Number.isInteger(ttlMs) && ttlMs >= 0 && { ttlMs }),
    ...(result.cacheScope === 'private' && { principal }),
  }
}
