import { createHmac, randomUUID } from 'node:crypto'
import { listedNamespaces, type Principal } from '@mcp-lifecycle/core'
import { MemoryBackend, MemoryDeliveryRecord } from '@mcp-lifecycle/core/testing'
import { CloudEvent, HTTP } from 'cloudevents'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createEventsApp } from './events.ts'
import { createHooksApp } from './hooks.ts'

// Issue 31: webhooks and CloudEvents name a namespace (optional: the default one), act there,
// and keep the record of each delivery in the namespace acted on.
const SECRET = 'github-secret-0123456789'
const NAMESPACES = ['mcp', 'team-a', 'team-b'] as const

function setup() {
  const backends = new Map(
    NAMESPACES.map((ns) => [ns, new MemoryBackend([{ name: 'github', replicas: 0 }])])
  )
  const records = new Map(NAMESPACES.map((ns) => [ns, new MemoryDeliveryRecord()]))
  const namespaces = listedNamespaces(
    'mcp',
    NAMESPACES.map((namespace) => ({
      namespace,
      backend: backends.get(namespace)!,
      deliveries: records.get(namespace)!,
    }))
  )
  const deps = {
    backend: backends.get('mcp')!,
    deliveries: records.get('mcp')!,
    namespaces,
    webhookSecrets: () => new Map([['github', SECRET]]),
  }
  const app = new Hono<{ Variables: { principal: Principal } }>()
  // A stand-in for the authenticate middleware: the X-Who header.
  app.use((c, next) => {
    const who = c.req.header('x-who')
    if (who) c.set('principal', JSON.parse(who) as Principal)
    return next()
  })
  app.route('/', createHooksApp(deps))
  app.route('/', createEventsApp(deps))
  const hook = (payload: Record<string, unknown>, id = randomUUID()) => {
    const body = JSON.stringify(payload)
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`
    return app.request('/hooks/github', {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-delivery': id,
        'x-hub-signature-256': signature,
      },
    })
  }
  const event = (data: Record<string, unknown>, who: Principal, id = randomUUID()) => {
    const message = HTTP.binary(
      new CloudEvent({
        type: 'dev.mcp-lifecycle.server.scale',
        source: '/test/broker',
        id,
        datacontenttype: 'application/json',
        data,
      })
    )
    return app.request('/events', {
      method: 'POST',
      headers: { ...(message.headers as Record<string, string>), 'x-who': JSON.stringify(who) },
      body: message.body as string,
    })
  }
  const replicas = (ns: (typeof NAMESPACES)[number]) =>
    backends.get(ns)!.peek('github')?.desiredReplicas
  // Whether the namespace's record holds any key of a delivery (GitHub's scheme claims two).
  const recorded = (ns: (typeof NAMESPACES)[number]) => records.get(ns)!.keys.size > 0
  return { hook, event, replicas, recorded }
}

const teamA: Principal = { id: 'team-a', scope: 'write', servers: 'team-a/*' }

describe('a webhook naming a namespace', () => {
  it('acts in that namespace and records the delivery there, once', async () => {
    const { hook, replicas, recorded } = setup()
    const id = randomUUID()
    const payload = { action: 'scale', name: 'github', replicas: 2, namespace: 'team-a' }
    const first = await hook(payload, id)
    expect(first.status).toBe(200)
    expect(first.headers.get('x-delivery')).toBe('handled')
    expect([replicas('team-a'), replicas('mcp'), replicas('team-b')]).toEqual([2, 0, 0])
    expect([recorded('team-a'), recorded('mcp'), recorded('team-b')]).toEqual([true, false, false])
    const again = await hook(payload, id)
    expect(again.headers.get('x-delivery')).toBe('duplicate')
    expect(await again.json()).toMatchObject({ name: 'github', replicas: 2 })
  })

  it('acts in the default namespace when it names none', async () => {
    const { hook, replicas, recorded } = setup()
    const res = await hook({ action: 'scale', name: 'github', replicas: 3 })
    expect(res.status).toBe(200)
    expect([replicas('mcp'), replicas('team-a')]).toEqual([3, 0])
    expect([recorded('mcp'), recorded('team-a')]).toEqual([true, false])
  })

  it('answers 404 Namespace not managed for a namespace not managed, changing nothing', async () => {
    const { hook, replicas, recorded } = setup()
    const res = await hook({ action: 'scale', name: 'github', replicas: 2, namespace: 'team-c' })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ title: 'Namespace not managed' })
    expect(NAMESPACES.map(replicas)).toEqual([0, 0, 0])
    expect(NAMESPACES.map(recorded)).toEqual([false, false, false])
  })

  it.each(['Team-A', 'a_b', '-a', 'x'.repeat(64), 7])(
    'answers 400 naming the field for namespace %j',
    async (namespace) => {
      const { hook, recorded } = setup()
      const res = await hook({ action: 'start', name: 'github', namespace })
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(JSON.stringify(await res.json())).toContain('namespace')
      expect(NAMESPACES.map(recorded)).toEqual([false, false, false])
    }
  )
})

describe('a CloudEvent naming a namespace', () => {
  it("acts in the caller's namespace and records the delivery there", async () => {
    const { event, replicas, recorded } = setup()
    const res = await event({ name: 'github', replicas: 2, namespace: 'team-a' }, teamA)
    expect(res.status).toBe(200)
    expect([replicas('team-a'), replicas('mcp')]).toEqual([2, 0])
    expect([recorded('team-a'), recorded('mcp')]).toEqual([true, false])
  })

  it.each([
    ['not the caller’s', { namespace: 'team-b' }],
    ['not managed', { namespace: 'team-c' }],
    ['absent (the default one, not the caller’s)', {}],
  ])('answers 404 Namespace not managed for a namespace %s, changing nothing', async (_, ns) => {
    const { event, replicas, recorded } = setup()
    const res = await event({ name: 'github', replicas: 2, ...ns }, teamA)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ title: 'Namespace not managed' })
    expect(NAMESPACES.map(replicas)).toEqual([0, 0, 0])
    expect(NAMESPACES.map(recorded)).toEqual([false, false, false])
  })

  it('answers 400 naming data.namespace for a name that is not a DNS-1123 label', async () => {
    const { event } = setup()
    const res = await event({ name: 'github', replicas: 2, namespace: 'Team_A' }, teamA)
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('data.namespace')
  })
})
