import type { PodSnapshot } from '@mcp-lifecycle/core'

/** A Ready pod on 127.0.0.1 serving MCP on `port`. */
export function readyPod(name: string, port: number, over: Partial<PodSnapshot> = {}): PodSnapshot {
  return {
    name,
    uid: `uid-${name}`,
    ip: '127.0.0.1',
    ready: true,
    terminating: false,
    ports: [{ name: 'http', containerPort: port }],
    waiting: [],
    conditions: [{ type: 'Ready', status: 'True' }],
    ...over,
  }
}
