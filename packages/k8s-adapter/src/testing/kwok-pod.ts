import type { V1PodSpec } from '@kubernetes/client-node'

/**
 * The pod spec of a server on the local control plane: one container whose image is never
 * pulled (kwok fakes the kubelet), on kwok's nodes. Pods a test leaves unschedulable set
 * their own nodeSelector over it.
 */
export const KWOK_POD_SPEC = {
  containers: [
    { name: 'mcp', image: 'example.invalid/mcp-server:1', ports: [{ containerPort: 8080 }] },
  ],
  tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
  nodeSelector: { type: 'kwok' },
} satisfies V1PodSpec
