import type { KeptAnswer } from '../discovery-answer.ts'

/** For the tests: a kept 2026-07-28 tools/list answer (first page, no tools), with `overrides`. */
export function keptAnswer(overrides: Partial<KeptAnswer> = {}): KeptAnswer {
  return {
    revision: '2026-07-28',
    method: 'tools/list',
    cursor: '',
    result: { tools: [] },
    takenAt: 1_000,
    ...overrides,
  }
}
