import { createTokenAuthenticator, authenticate } from '@mcp-lifecycle/auth'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { Hono } from 'hono'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HandlerDeps } from '@mcp-lifecycle/http-kit'
import { createListApp } from './list.ts'

const closers: (() => void)[] = []
afterEach(() => closers.splice(0).forEach((close) => close()))

/** The list route behind authentication, as composeApp mounts it. */
function listApp(deps: HandlerDeps) {
  return new Hono().use(authenticate(deps.authenticator)).route('/', createListApp(deps))
}

/** Reads the stream until it ends; returns its events' names and the last data. */
async function readToEnd(response: Response, onFirst: () => void) {
  const events: string[] = []
  let last = ''
  let text = ''
  for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
    text += chunk
    for (const match of text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)) {
      if (events.length === 0) onFirst()
      events.push(match[1]!)
      last = match[2]!
    }
    text = text.slice(text.lastIndexOf('\n\n') + 2)
  }
  return { events, last: JSON.parse(last) as unknown }
}

describe('a change stream and its credential', () => {
  it('ends with a 401 event when its token is removed from the tokens file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mcpl-tokens-')), 'tokens.json')
    const entry = (id: string) => ({ id, scope: 'read', token: `${id}-token-of-24-characters` })
    writeFileSync(file, JSON.stringify({ tokens: [entry('kept'), entry('revoked')] }))
    const tokens = createTokenAuthenticator(file, () => {})
    closers.push(tokens.close)
    const app = listApp({
      backend: new MemoryBackend([{ name: 'mcp-a1', replicas: 1 }]),
      authenticator: (header) => tokens.authenticate(header),
      credentialCheckMs: 50,
    })
    const response = await app.request('/servers?watch=true', {
      headers: { authorization: 'Bearer revoked-token-of-24-characters' },
    })
    expect(response.status).toBe(200)
    const { events, last } = await readToEnd(response, () =>
      writeFileSync(file, JSON.stringify({ tokens: [entry('kept')] }))
    )
    expect(events).toEqual(['list', 'error'])
    expect(last).toMatchObject({ status: 401, title: 'Credential ended' })
  })
})
