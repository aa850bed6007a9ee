import { ServerCache } from '@mcp-lifecycle/core'
import { seededDeployment } from '@mcp-lifecycle/core/testing'
import { describe, expect, it } from 'vitest'
import { namespaceArrivals } from './namespace-arrivals.ts'

function cacheHolding(...namespaces: string[]) {
  const cache = new ServerCache({ staleAfterMs: 10_000, now: Date.now })
  const placed = (namespace: string, name: string) => ({
    namespace,
    object: seededDeployment({ name, replicas: 0 }),
  })
  cache.applyDeployments({ type: 'list', items: namespaces.map((ns) => placed(ns, 'first')) })
  const add = (namespace: string, name: string) =>
    cache.applyDeployments({ type: 'upsert', item: placed(namespace, name) })
  return { cache, add }
}

describe('namespaceArrivals', () => {
  it('tells each listener once of every namespace first seen after it subscribed', () => {
    const { cache, add } = cacheHolding('team-a')
    const onAdded = namespaceArrivals(cache)
    const heard: string[] = []
    onAdded((namespace) => heard.push(namespace))
    add('team-a', 'second')
    add('team-b', 'one')
    add('team-b', 'two')
    add('team-c', 'one')
    expect(heard).toEqual(['team-b', 'team-c'])
  })

  it('tells a later listener nothing of what came before it, and a stopped one nothing at all', () => {
    const { cache, add } = cacheHolding()
    const onAdded = namespaceArrivals(cache)
    const early: string[] = []
    const stopEarly = onAdded((namespace) => early.push(namespace))
    add('team-a', 'one')
    const late: string[] = []
    onAdded((namespace) => late.push(namespace))
    stopEarly()
    add('team-b', 'one')
    expect(early).toEqual(['team-a'])
    expect(late).toEqual(['team-b'])
  })

  it('tells again of a namespace that emptied and holds servers again', () => {
    const { cache, add } = cacheHolding('team-a')
    const onAdded = namespaceArrivals(cache)
    const heard: string[] = []
    onAdded((namespace) => heard.push(namespace))
    cache.applyDeployments({
      type: 'delete',
      item: { namespace: 'team-a', object: seededDeployment({ name: 'first', replicas: 0 }) },
    })
    add('team-a', 'again')
    expect(heard).toEqual(['team-a'])
  })
})
