import { writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { writeTempJson } from './testing/write-temp-json.ts'
import { createSubjectRules, parseSubjectRules, type SubjectRules } from './subject-rules.ts'

const sa = (name: string, ns = 'mcp') => `system:serviceaccount:${ns}:${name}`

const subjectsFile = (subjects: unknown) => writeTempJson('subjects.json', { subjects })

let rules: SubjectRules | undefined
afterEach(() => rules?.close())

describe('parseSubjectRules', () => {
  it.each<[string, unknown, RegExp]>([
    ['an unknown scope', [{ subject: 'a', scope: 'admin' }], /subjects\.0.*scope must be/],
    ['a rule naming no one', [{ scope: 'write' }], /subjects\.0/],
    [
      'both a subject and a serviceAccount',
      [{ subject: 'a', serviceAccount: 'b', scope: 'read' }],
      /subjects\.0/,
    ],
    ['a bad server pattern', [{ subject: 'a', scope: 'read', servers: 'A/B' }], /servers/],
    ['a serviceAccount with ":"', [{ serviceAccount: 'x:y', scope: 'read' }], /serviceAccount/],
  ])('refuses %s, naming the file and the field', (_case, subjects, message) => {
    expect(() => parseSubjectRules('/f.json', JSON.stringify({ subjects }), 'mcp')).toThrow(
      /^\/f\.json: /
    )
    expect(() => parseSubjectRules('/f.json', JSON.stringify({ subjects }), 'mcp')).toThrow(message)
  })
})

describe('createSubjectRules', () => {
  it('finds the first rule naming a subject; serviceAccount rules are in the given namespace', () => {
    rules = createSubjectRules(
      subjectsFile([
        { serviceAccount: 'broker', scope: 'write', servers: 'mcp-*' },
        { subject: 'system:serviceaccount:*:broker', scope: 'read' },
      ]),
      'mcp',
      () => {}
    )
    expect(rules.find(sa('broker'))).toEqual({ scope: 'write', servers: 'mcp-*' })
    expect(rules.find(sa('broker', 'other'))).toEqual({ scope: 'read' })
    expect(rules.find(sa('brokers'))).toBeUndefined()
  })

  it('reloads the file when it changes, and keeps the old rules when the new file is bad', async () => {
    const path = subjectsFile([{ serviceAccount: 'old', scope: 'write' }])
    const errors: unknown[] = []
    rules = createSubjectRules(path, 'mcp', (e) => errors.push(e))
    writeFileSync(path, JSON.stringify({ subjects: [{ serviceAccount: 'new', scope: 'read' }] }))
    await expect
      .poll(() => rules!.find(sa('new')), { timeout: 5000, interval: 200 })
      .toEqual({ scope: 'read' })
    expect(rules.find(sa('old'))).toBeUndefined()
    writeFileSync(path, '{"subjects": "broken"}')
    await expect.poll(() => errors.length, { timeout: 5000, interval: 200 }).toBeGreaterThan(0)
    expect(rules.find(sa('new'))).toEqual({ scope: 'read' })
  }, 20_000)
})
