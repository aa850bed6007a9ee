import { REAP_EVENT_TYPE, reapOnEvent, type AuditRecord, type Principal } from '@mcp-lifecycle/core'
import { MemoryBackend } from '@mcp-lifecycle/core/testing'
import { createEventsApp, createStopApp } from '@mcp-lifecycle/handlers'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'

// The serverless reaper as apps/functions/src/stop.ts composes it: the stop function's
// /events also takes dev.mcp-lifecycle.server.reap, and runs one pass from the annotations.
function stopFunction(principal: Principal) {
  const backend = new MemoryBackend([
    {
      name: 'idle',
      replicas: 1,
      annotations: {
        'mcp-lifecycle/idle-timeout': '15m',
        'mcp-lifecycle/last-activity': new Date(Date.now() - 20 * 60_000).toISOString(),
      },
    },
    {
      name: 'recent',
      replicas: 1,
      annotations: {
        'mcp-lifecycle/idle-timeout': '15m',
        'mcp-lifecycle/last-activity': new Date(Date.now() - 60_000).toISOString(),
      },
    },
    {
      name: 'opted-out',
      replicas: 1,
      annotations: { 'mcp-lifecycle/last-activity': '2020-01-01T00:00:00Z' },
    },
  ])
  const audit: AuditRecord[] = []
  const deps = { backend, audit: (record: AuditRecord) => void audit.push(record) }
  const app = new Hono()
    .use((c, next) => (c.set('principal' as never, principal as never), next()))
    .route('/', createStopApp(deps))
    .route('/', createEventsApp(deps, ['stop'], { [REAP_EVENT_TYPE]: reapOnEvent }))
  return { app, backend, audit }
}

const reapEvent = (type = REAP_EVENT_TYPE) => ({
  method: 'POST',
  headers: {
    'ce-specversion': '1.0',
    'ce-type': type,
    'ce-source': '/apis/v1/namespaces/mcp/pingsources/mcp-lifecycle-reap',
    'ce-id': 'tick-1',
    'content-type': 'application/json',
  },
  body: '{}',
})

describe('the reap event in the stop function', () => {
  it('stops the servers idle past their timeout by their last-activity annotation, audited as reaper', async () => {
    const t = stopFunction({ id: 'broker', scope: 'write' })
    const res = await t.app.request('/events', reapEvent())
    expect(res.status).toBe(200)
    expect(res.headers.get('ce-type')).toBe('dev.mcp-lifecycle.reap.result')
    expect(await res.json()).toEqual({ stopped: ['idle'], failed: [] })
    expect(t.backend.peek('idle')?.desiredReplicas).toBe(0)
    expect(t.backend.peek('recent')?.desiredReplicas).toBe(1)
    expect(t.backend.peek('opted-out')?.desiredReplicas).toBe(1)
    expect(t.audit).toEqual([
      expect.objectContaining({ who: 'reaper', action: 'stop', server: 'idle' }),
    ])
  })

  it('needs the write scope from the sender', async () => {
    const t = stopFunction({ id: 'dashboard', scope: 'read' })
    const res = await t.app.request('/events', reapEvent())
    expect(res.status).toBe(403)
    expect(t.backend.peek('idle')?.desiredReplicas).toBe(1)
  })

  it('still refuses the other types it does not handle', async () => {
    const t = stopFunction({ id: 'broker', scope: 'write' })
    const res = await t.app.request('/events', reapEvent('dev.mcp-lifecycle.server.start'))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { detail: string }).detail).toContain(REAP_EVENT_TYPE)
  })
})
