import { describe, expect, it } from 'vitest'
import type { KeptAnswer } from '../discovery-answer.ts'
import { DEFAULT_DISCOVERY_BOUNDS, type DiscoveryBounds } from '../discovery-bounds.ts'
import type { DiscoveryStore } from '../discovery-store.ts'

export interface DiscoveryStoreContractOptions {
  /** A new instance over the same storage each call, as each replica has its own. */
  store: () => DiscoveryStore
  /** A new server the store may keep answers for (on Kubernetes: a Deployment); its name. */
  server: () => Promise<string>
  /** The bounds the store was built with. */
  bounds?: DiscoveryBounds
}

const answer = (over: Partial<KeptAnswer> = {}): KeptAnswer => ({
  revision: '2026-07-28',
  method: 'tools/list',
  cursor: '',
  result: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }], ttlMs: 60_000 },
  takenAt: 1_000,
  scope: 'public',
  ttlMs: 60_000,
  ...over,
})

/** What every DiscoveryStore must do: run against the memory one and the ConfigMap one. */
export function runDiscoveryStoreContract(name: string, options: DiscoveryStoreContractOptions) {
  const bounds = options.bounds ?? DEFAULT_DISCOVERY_BOUNDS
  describe(`DiscoveryStore contract: ${name}`, () => {
    it('keeps an answer that another instance reads back as given', async () => {
      const server = await options.server()
      await expect(options.store().read(server)).resolves.toBeUndefined()
      await expect(options.store().keep(server, 't1', answer())).resolves.toBe(true)
      await expect(options.store().read(server)).resolves.toEqual({
        template: 't1',
        answers: [answer()],
      })
    })

    it('replaces an answer to the same request, and keeps pages, revisions and callers apart', async () => {
      const server = await options.server()
      const store = options.store()
      const page2 = answer({ cursor: '__proto__', result: { tools: [], nextCursor: 'x' } })
      const legacy = answer({ revision: '2025-11-25', scope: undefined, ttlMs: undefined })
      const mine = answer({ scope: 'private', principal: 'alice' })
      const theirs = answer({ scope: 'private', principal: 'bob' })
      for (const a of [answer(), page2, legacy, mine, theirs]) await store.keep(server, 't1', a)
      const newer = answer({ takenAt: 2_000, result: { tools: [] } })
      await store.keep(server, 't1', newer)
      const kept = await options.store().read(server)
      expect(kept?.answers).toHaveLength(5)
      expect(kept?.answers).toEqual(expect.arrayContaining([newer, page2, legacy, mine, theirs]))
    })

    it('drops what was kept under another pod template', async () => {
      const server = await options.server()
      const store = options.store()
      await store.keep(server, 't1', answer())
      const prompts = answer({ method: 'prompts/list', result: { prompts: [] } })
      await store.keep(server, 't2', prompts)
      await expect(options.store().read(server)).resolves.toEqual({
        template: 't2',
        answers: [prompts],
      })
    })

    it('forgets the answers of the methods dropped, or all of them', async () => {
      const server = await options.server()
      const store = options.store()
      const prompts = answer({ method: 'prompts/list', result: { prompts: [] } })
      await store.keep(server, 't1', answer())
      await store.keep(server, 't1', prompts)
      await options.store().drop(server, ['tools/list'])
      expect((await store.read(server))?.answers).toEqual([prompts])
      await options.store().drop(server)
      expect((await store.read(server))?.answers ?? []).toEqual([])
    })

    it('refuses an answer over the bound per server, and lets the oldest go past it', async () => {
      const server = await options.server()
      const store = options.store()
      const huge = answer({ result: { tools: [], pad: 'x'.repeat(bounds.maxServerBytes) } })
      await expect(store.keep(server, 't1', huge)).resolves.toBe(false)
      await expect(store.read(server)).resolves.toBeUndefined()
      for (let page = 0; page <= bounds.maxAnswers; page++) {
        await store.keep(server, 't1', answer({ cursor: `c${page}`, takenAt: 1_000 + page }))
      }
      const kept = await options.store().read(server)
      expect(kept?.answers).toHaveLength(bounds.maxAnswers)
      expect(kept?.answers.map((a) => a.cursor)).not.toContain('c0')
    })
  })
}
