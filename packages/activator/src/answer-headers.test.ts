import { describe, expect, it } from 'vitest'
import { AnswerHeaders } from './answer-headers.ts'
import { headersFromPod } from './proxy-headers.ts'

const fields = (headers: { forEach(each: (value: string, name: string) => void): void }) => {
  const seen: Record<string, string> = {}
  headers.forEach((value, name) => (seen[name] = value))
  return seen
}

describe('AnswerHeaders', () => {
  it('reads, sets and joins repeats as fetch Headers does', () => {
    const ours = new AnswerHeaders()
    const fetchs = new Headers()
    for (const h of [ours, fetchs]) {
      h.append('cache-control', 'no-store')
      h.append('cache-control', 'no-transform')
      h.set('content-type', 'application/json')
    }
    expect(ours.get('cache-control')).toBe(fetchs.get('cache-control'))
    expect(ours.get('retry-after')).toBe(fetchs.get('retry-after'))
    expect(fields(ours)).toEqual(fields(fetchs))
  })

  it('holds a pod field named like an Object property as any other field', () => {
    const headers = headersFromPod({ 'mcp-__proto__': 'x', 'mcp-constructor': 'y' })
    expect(headers.get('mcp-__proto__')).toBe('x')
    expect(headers.get('mcp-constructor')).toBe('y')
    expect(headers.get('constructor')).toBeNull()
    expect(fields(headers)).toMatchObject({ 'mcp-__proto__': 'x', 'mcp-constructor': 'y' })
  })
})
