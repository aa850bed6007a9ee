import type { V1Deployment, V1PodTemplateSpec } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { readFieldsOfDeployment } from './read-fields.ts'
import { toDeploymentSnapshot } from './to-snapshot.ts'
import { templateHash } from './template-hash.ts'

const raw = {
  metadata: { labels: { app: 'weather' }, creationTimestamp: null },
  spec: {
    containers: [
      {
        name: 'mcp',
        image: 'example:1',
        args: ['--mode', 'both'],
        env: [{ name: 'A', value: '1' }],
      },
    ],
  },
}

describe('templateHash', () => {
  it('hashes a raw watch event and the typed object of the same template alike', () => {
    // As client-node's models hold it: keys in their own order, unset fields undefined.
    const typed: V1PodTemplateSpec = {
      spec: {
        containers: [
          {
            env: [{ value: '1', name: 'A', valueFrom: undefined }],
            args: ['--mode', 'both'],
            image: 'example:1',
            name: 'mcp',
            command: undefined,
          },
        ],
      },
      metadata: { creationTimestamp: undefined, labels: { app: 'weather' } },
    }
    expect(templateHash(typed)).toBe(templateHash(raw as unknown as V1PodTemplateSpec))
  })

  it.each([
    ['a new image', { image: 'example:2' }],
    ['new args', { args: ['--mode', 'stateful'] }],
    ['a new env', { env: [{ name: 'A', value: '2' }] }],
  ])('changes with %s', (_, change) => {
    const changed = structuredClone(raw)
    Object.assign(changed.spec.containers[0]!, change)
    expect(templateHash(changed as unknown as V1PodTemplateSpec)).not.toBe(
      templateHash(raw as unknown as V1PodTemplateSpec)
    )
  })

  it("hashes a listed Deployment (its template cut by the cache's LIST) as the whole one", () => {
    const deployment = {
      metadata: { name: 'weather' },
      spec: { selector: { matchLabels: { app: 'weather' } }, template: raw },
    } as unknown as V1Deployment
    const listed = toDeploymentSnapshot(readFieldsOfDeployment(deployment))
    expect(listed.templateHash).toBe(templateHash(raw as unknown as V1PodTemplateSpec))
    expect(listed.templateHash).not.toBe(templateHash({ metadata: { labels: { app: 'weather' } } }))
  })
})
