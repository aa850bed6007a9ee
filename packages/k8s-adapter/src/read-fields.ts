import type { V1Deployment, V1ObjectMeta, V1Service } from '@kubernetes/client-node'
import { cutTemplate } from './template-hash.ts'

// What a cache's LIST keeps of each object until its snapshot is made: the fields to-snapshot.ts
// reads, nothing else. The rest (managedFields, the pod template's spec, annotations of other
// tools such as kubectl's last-applied-configuration, a whole copy of the object) is most of
// each object, and a full list of it was most of the manager's peak memory.

/** The annotations the system reads: its own (`mcp-lifecycle/...`). */
export const OWN_ANNOTATION_PREFIX = 'mcp-lifecycle/'

/** Only the `mcp-lifecycle/` annotations, in a new object (the parsed original is not kept). */
export function ownAnnotations(
  annotations: Record<string, string> | undefined
): Record<string, string> {
  const own: Record<string, string> = {}
  for (const [key, value] of Object.entries(annotations ?? {}))
    if (key.startsWith(OWN_ANNOTATION_PREFIX)) own[key] = value
  return own
}

function readMetadata(metadata: V1ObjectMeta | undefined): V1ObjectMeta {
  const { name, namespace, resourceVersion, generation } = metadata ?? {}
  return {
    name,
    namespace,
    resourceVersion,
    generation,
    annotations: ownAnnotations(metadata?.annotations),
  }
}

/** A Deployment with only the fields its snapshot is made of. */
export function readFieldsOfDeployment(deployment: V1Deployment): V1Deployment {
  const spec = deployment.spec
  return {
    metadata: readMetadata(deployment.metadata),
    ...(spec && {
      spec: {
        ...(spec.replicas !== undefined && { replicas: spec.replicas }),
        selector: spec.selector,
        template: cutTemplate(spec.template, {
          metadata: { labels: spec.template.metadata?.labels ?? {} },
        }),
      },
    }),
    ...(deployment.status && { status: deployment.status }),
  }
}

/** A Service with only the fields its snapshot is made of. */
export function readFieldsOfService(service: V1Service): V1Service {
  const spec = service.spec ?? {}
  const { type, selector, clusterIP, clusterIPs, ports, externalName } = spec
  return {
    metadata: readMetadata(service.metadata),
    spec: { type, selector, clusterIP, clusterIPs, ports, externalName },
    ...(service.status && { status: service.status }),
  }
}
