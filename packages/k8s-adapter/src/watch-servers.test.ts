import { HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  deploymentJson,
  deploymentList,
  deploymentsListWatch,
  noServices,
  statusJson,
  testBackend,
  useMswServer,
  watchStream,
} from './msw-fixtures.ts'

const server = useMswServer()

describe('watchServers', () => {
  it('yields the whole list, then the list after each added, changed or deleted server', async () => {
    const { handler } = deploymentsListWatch(
      () => deploymentList([deploymentJson('a', 1), deploymentJson('b', 0)], '7'),
      () =>
        watchStream([
          { type: 'ADDED', object: deploymentJson('c', 1, 0, '8') },
          { type: 'MODIFIED', object: deploymentJson('b', 1, 0, '9') },
          { type: 'DELETED', object: deploymentJson('a', 1, 1, '10') },
        ])
    )
    server.use(noServices(), handler)
    const controller = new AbortController()
    const lists: string[][] = []
    try {
      for await (const servers of testBackend().watchServers(controller.signal)) {
        lists.push(
          servers.map((s) => `${s.deployment.name}:${s.deployment.desiredReplicas}`).sort()
        )
        if (lists.length === 4) controller.abort()
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error
    }
    expect(lists).toEqual([
      ['a:1', 'b:0'],
      ['a:1', 'b:0', 'c:1'],
      ['a:1', 'b:1', 'c:1'],
      ['b:1', 'c:1'],
    ])
  })

  it('gives up with unavailable when reconnecting keeps failing', async () => {
    const { handler } = deploymentsListWatch(
      () => deploymentList([deploymentJson('a', 1)]),
      () => HttpResponse.json(statusJson(503, 'Unavailable'), { status: 503 })
    )
    server.use(noServices(), handler)
    const watching = (async () => {
      for await (const _ of testBackend().watchServers(new AbortController().signal));
    })()
    await expect(watching).rejects.toMatchObject({ kind: 'unavailable', status: 503 })
  })
})
