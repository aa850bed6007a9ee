import { authenticate, createTokenAuthenticator } from '@mcp-lifecycle/auth'
import { listedNamespaces } from '@mcp-lifecycle/core'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { createBaseApp, type HandlerDeps } from '@mcp-lifecycle/http-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { writeTempJson } from '@mcp-lifecycle/auth/testing'
import { createNamespacedApp } from './namespaced.ts'
import { createServerApps } from './server-apps.ts'

const TOKENS = {
  admin: 'admin-token-0123456789abcdef',
  teamA: 'team-a-token-0123456789abcdef',
  teamB: 'team-b-token-0123456789abcdef',
  github: 'github-token-0123456789abcdef',
}

const closers: (() => void)[] = []
afterEach(() => closers.splice(0).forEach((close) => close()))

function setup() {
  const tokensFile = writeTempJson('tokens.json', {
    tokens: [
      { id: 'admin', scope: 'write', token: TOKENS.admin },
      { id: 'team-a', scope: 'write', servers: 'team-a/*', token: TOKENS.teamA },
      { id: 'team-b', scope: 'write', servers: 'team-b/*', token: TOKENS.teamB },
      { id: 'github', scope: 'write', servers: '*/github', token: TOKENS.github },
    ],
  })
  const backends = {
    mcp: new MemoryBackend([{ name: 'weather', replicas: 1 }]),
    'team-a': new MemoryBackend([{ name: 'github', replicas: 0 }, { name: 'notes' }]),
    'team-b': new MemoryBackend([{ name: 'github', replicas: 0 }]),
  }
  const namespaces = listedNamespaces(
    'mcp',
    Object.entries(backends).map(([namespace, backend]) => ({ namespace, backend }))
  )
  const deps: HandlerDeps = {
    backend: backends.mcp,
    namespaces,
    limits: { maxReplicas: 5, maxTimeoutSeconds: 60 },
  }
  const servers = createServerApps(deps)
  const app = createBaseApp(deps)
  const tokens = createTokenAuthenticator(tokensFile, () => {})
  closers.push(tokens.close)
  app.use(authenticate(tokens.authenticate))
  for (const sub of [...servers, createNamespacedApp(deps, servers)]) app.route('/', sub)
  const call = (token: string, path: string, body?: unknown) =>
    app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  return { call, backends }
}

const names = async (res: Response) =>
  ((await res.json()) as { servers: { name: string }[] }).servers.map((s) => s.name)

/** Every server route of a namespace, with a body for the writes. */
const routesOf = (base: string): [string, unknown][] => [
  [`${base}/servers`, undefined],
  [`${base}/servers?watch=true`, undefined],
  [`${base}/servers/github`, undefined],
  [`${base}/servers/github/start`, { wait_ready: false }],
  [`${base}/servers/github/stop`, {}],
  [`${base}/servers/github/scale`, { replicas: 2 }],
]

describe('/namespaces/{namespace}/servers routes', () => {
  it('act on the named namespace; /servers keeps acting on the default one', async () => {
    const { call, backends } = setup()
    expect(await names(await call(TOKENS.admin, '/servers'))).toEqual(['weather'])
    expect(await names(await call(TOKENS.admin, '/namespaces/team-a/servers'))).toEqual([
      'github',
      'notes',
    ])
    expect(await names(await call(TOKENS.admin, '/namespaces/mcp/servers'))).toEqual(['weather'])
    const res = await call(TOKENS.admin, '/namespaces/team-b/servers/github/scale', {
      replicas: 2,
    })
    expect(res.status).toBe(200)
    expect((await backends['team-b'].getServer('github')).deployment.desiredReplicas).toBe(2)
    expect((await backends['team-a'].getServer('github')).deployment.desiredReplicas).toBe(0)
  })

  it.each(['kube-system', 'nope'])(
    'answer 404 with a title that says so for the unmanaged namespace %s',
    async (namespace) => {
      const { call } = setup()
      for (const [path, body] of routesOf(`/namespaces/${namespace}`)) {
        const res = await call(TOKENS.admin, path, body)
        expect(res.status, path).toBe(404)
        expect(res.headers.get('content-type')).toContain('application/problem+json')
        expect(await res.json()).toMatchObject({ title: 'Namespace not managed' })
      }
    }
  )

  it.each(['Team-A', 'team_a', 'a'.repeat(64), '-x'])(
    'answer 400 naming the namespace field for %s',
    async (namespace) => {
      const { call, backends } = setup()
      for (const [path, body] of routesOf(`/namespaces/${namespace}`)) {
        const res = await call(TOKENS.admin, path, body)
        expect(res.status, path).toBe(400)
        expect(await res.json()).toMatchObject({ errors: [{ field: 'namespace' }] })
      }
      expect(backends['team-a'].calls.scale + backends['team-b'].calls.scale).toBe(0)
    }
  )

  it("keep tenants apart: every route of the other's namespace is a 404, nothing changes", async () => {
    const { call, backends } = setup()
    for (const [token, other] of [
      [TOKENS.teamA, 'team-b'],
      [TOKENS.teamB, 'team-a'],
    ] as const) {
      for (const [path, body] of [...routesOf(`/namespaces/${other}`), ...routesOf('')]) {
        const res = await call(token, path, body)
        expect(res.status, `${path}`).toBe(404)
        expect(await res.json()).toMatchObject({ title: 'Namespace not managed' })
      }
    }
    expect(backends['team-a'].calls.scale + backends['team-b'].calls.scale).toBe(0)
    expect(backends.mcp.calls.scale).toBe(0)
    expect(await names(await call(TOKENS.teamA, '/namespaces/team-a/servers'))).toEqual([
      'github',
      'notes',
    ])
  })

  it('show a */name pattern that server in every namespace, and nothing else', async () => {
    const { call } = setup()
    expect(await names(await call(TOKENS.github, '/namespaces/team-a/servers'))).toEqual(['github'])
    expect(await names(await call(TOKENS.github, '/servers'))).toEqual([])
    expect((await call(TOKENS.github, '/namespaces/team-a/servers/notes')).status).toBe(403)
    expect((await call(TOKENS.github, '/namespaces/team-b/servers/github')).status).toBe(200)
  })
})

/** The events of a change stream, as they come: [event, data] */
async function* eventsOf(response: Response): AsyncGenerator<[string, any]> {
  let text = ''
  for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
    text += chunk
    let end: number
    while ((end = text.indexOf('\n\n')) >= 0) {
      const match = /^event: (\w+)\ndata: (.*)$/m.exec(text.slice(0, end))
      text = text.slice(end + 2)
      if (match) yield [match[1]!, JSON.parse(match[2]!)]
    }
  }
}

/** Opens the change stream at `path` with `token`, checks it answers 200, and gives its events. */
async function follow(call: ReturnType<typeof setup>['call'], token: string, path: string) {
  const stream = await call(token, path)
  expect(stream.status).toBe(200)
  return eventsOf(stream)
}

describe('/namespaces/{namespace}/servers?watch=true', () => {
  it("follows that namespace alone: a change in another tenant's never reaches it", async () => {
    const { call } = setup()
    const events = await follow(call, TOKENS.teamA, '/namespaces/team-a/servers?watch=true')
    const first = (await events.next()).value!
    expect(first[0]).toBe('list')
    expect(first[1].servers.map((s: { name: string }) => s.name)).toEqual(['github', 'notes'])
    const scale = (namespace: string, replicas: number) =>
      call(TOKENS.admin, `/namespaces/${namespace}/servers/github/scale`, { replicas })
    expect((await scale('team-b', 2)).status).toBe(200)
    expect((await scale('team-a', 3)).status).toBe(200)
    for await (const [event, data] of events) {
      if (event !== 'server') continue
      expect(data).toMatchObject({ name: 'github', replicas: 3 })
      break
    }
    await events.return(undefined) // cancels the stream
  })
})

describe('GET /servers?all_namespaces=true', () => {
  it('lists every namespace the caller is given, each server naming its namespace', async () => {
    const { call } = setup()
    const all = async (token: string) =>
      (
        (await (await call(token, '/servers?all_namespaces=true')).json()) as {
          servers: { namespace: string; name: string }[]
        }
      ).servers.map((s) => `${s.namespace}/${s.name}`)
    expect(await all(TOKENS.admin)).toEqual([
      'mcp/weather',
      'team-a/github',
      'team-a/notes',
      'team-b/github',
    ])
    expect(await all(TOKENS.teamA)).toEqual(['team-a/github', 'team-a/notes'])
    expect(await all(TOKENS.github)).toEqual(['team-a/github', 'team-b/github'])
  })
})

/** Reads events until `done` says stop; what was read, as `event namespace/name`. */
async function readUntil(
  events: AsyncGenerator<[string, any]>,
  done: (seen: string[]) => boolean
): Promise<string[]> {
  const seen: string[] = []
  // next() by hand: a for-await loop left by break would close the generator.
  for (let next = await events.next(); !next.done; next = await events.next()) {
    const [event, data] = next.value
    if (event === 'list') seen.push(`list ${data.namespace}: ${data.servers.map(nameOf).join(',')}`)
    else seen.push(`${event} ${nameOf(data)}`)
    if (done(seen)) break
  }
  return seen
}
const nameOf = (view: { namespace: string; name: string }) => `${view.namespace}/${view.name}`

describe('change streams name the namespace of each event', () => {
  it('in a stream of one namespace: the list, each server and each removal', async () => {
    const { call, backends } = setup()
    const events = await follow(call, TOKENS.teamA, '/namespaces/team-a/servers?watch=true')
    expect(await readUntil(events, () => true)).toEqual(['list team-a: team-a/github,team-a/notes'])
    backends['team-a'].remove('notes')
    expect(await readUntil(events, () => true)).toEqual(['removed team-a/notes'])
    await events.return(undefined) // cancels the stream
  })
})

/** Follows every namespace with `token`: the first list of each of the three, sorted, and the events after. */
async function followAll(token: string) {
  const { call } = setup()
  const events = await follow(call, token, '/servers?all_namespaces=true&watch=true')
  const lists = (await readUntil(events, (seen) => seen.length === 3)).sort()
  return { call, events, lists }
}

describe('GET /servers?watch=true&all_namespaces=true', () => {
  it('follows every namespace the caller is given: a list per namespace, then changes', async () => {
    const { call, events, lists } = await followAll(TOKENS.admin)
    expect(lists).toEqual([
      'list mcp: mcp/weather',
      'list team-a: team-a/github,team-a/notes',
      'list team-b: team-b/github',
    ])
    // The same server name in two namespaces: two events, each naming its namespace.
    for (const namespace of ['team-a', 'team-b'])
      await call(TOKENS.admin, `/namespaces/${namespace}/servers/github/scale`, { replicas: 2 })
    const changes = await readUntil(
      events,
      (seen) => seen.includes('server team-a/github') && seen.includes('server team-b/github')
    )
    expect(changes.every((line) => line.startsWith('server '))).toBe(true)
    await events.return(undefined) // cancels the stream
  })

  it("never sends a tenant another tenant's namespace, its changes or its removals", async () => {
    const { call, backends } = setup()
    const events = await follow(call, TOKENS.teamA, '/servers?all_namespaces=true&watch=true')
    expect(await readUntil(events, () => true)).toEqual(['list team-a: team-a/github,team-a/notes'])
    backends['team-b'].remove('github')
    backends.mcp.remove('weather')
    await call(TOKENS.admin, '/namespaces/team-b/servers/github/scale', { replicas: 1 })
    backends['team-a'].remove('notes')
    // Its own removal comes after the others' changes: had those reached it, they came first.
    expect(await readUntil(events, () => true)).toEqual(['removed team-a/notes'])
    await events.return(undefined) // cancels the stream
  })

  it('shows the servers of several namespaces matching a pattern, and only those', async () => {
    const { events, lists } = await followAll(TOKENS.github)
    // `*/github` gives every namespace, each showing that server alone.
    expect(lists).toEqual([
      'list mcp: ',
      'list team-a: team-a/github',
      'list team-b: team-b/github',
    ])
    await events.return(undefined) // cancels the stream
  })
})
