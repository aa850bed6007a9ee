import type { V1Deployment } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { deploymentJson, serviceJson } from './msw-fixtures.ts'
import { ownAnnotations, readFieldsOfDeployment, readFieldsOfService } from './read-fields.ts'
import { toDeploymentSnapshot, toServiceSnapshot } from './to-snapshot.ts'

const FOREIGN = {
  'kubectl.kubernetes.io/last-applied-configuration': '{"a whole":"manifest"}',
  'deployment.kubernetes.io/revision': '3',
}
const OWN = { 'mcp-lifecycle/idle-timeout': '15m', 'mcp-lifecycle/server': 'weather' }

describe('read fields', () => {
  it('keeps only the mcp-lifecycle/ annotations', () => {
    expect(ownAnnotations({ ...FOREIGN, ...OWN })).toEqual(OWN)
    expect(ownAnnotations(undefined)).toEqual({})
  })

  it('cuts a Deployment to what its snapshot reads, which it leaves unchanged', () => {
    const full = deploymentJson('weather', 1)
    // As the API server sends it: times are strings (to-snapshot reads both).
    const applied = {
      ...full,
      metadata: {
        ...full.metadata,
        annotations: { ...FOREIGN, ...OWN },
        managedFields: [{ manager: 'kubectl', fieldsV1: {} }],
      },
      spec: {
        ...full.spec,
        template: { ...full.spec.template, spec: { containers: [{ name: 'mcp', image: 'x' }] } },
      },
    } as unknown as V1Deployment
    const cut = readFieldsOfDeployment(applied)
    expect(cut.metadata).not.toHaveProperty('managedFields')
    expect(cut.spec?.template).not.toHaveProperty('spec')
    expect(toDeploymentSnapshot(cut)).toEqual(toDeploymentSnapshot(applied))
    expect(toDeploymentSnapshot(applied).annotations).toEqual(OWN)
  })

  it('cuts a Service to what its snapshot reads, which it leaves unchanged', () => {
    const full = serviceJson('weather', '10.0.0.1')
    const applied = {
      ...full,
      metadata: { ...full.metadata, annotations: { ...FOREIGN, ...OWN }, managedFields: [{}] },
      spec: { ...full.spec, sessionAffinity: 'None', ipFamilies: ['IPv4'] },
    }
    const cut = readFieldsOfService(applied)
    expect(cut.metadata).not.toHaveProperty('managedFields')
    expect(cut.spec).not.toHaveProperty('sessionAffinity')
    expect(toServiceSnapshot(cut)).toEqual(toServiceSnapshot(applied))
  })
})
