import { describe, expect, it } from 'vitest'
import { toPodSnapshot } from './to-pod-snapshot.ts'

describe('toPodSnapshot', () => {
  it('reads readiness, IP, ports and waiting reasons', () => {
    const snapshot = toPodSnapshot({
      metadata: { name: 'weather-1', uid: 'u1' },
      spec: {
        containers: [
          { name: 'mcp', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] },
          { name: 'side', image: 'y', ports: [{ containerPort: 9090 }] },
        ],
      },
      status: {
        podIP: '127.1.0.4',
        conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
        containerStatuses: [
          {
            name: 'mcp',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off' } },
          },
        ],
      },
    })
    expect(snapshot).toEqual({
      name: 'weather-1',
      uid: 'u1',
      ip: '127.1.0.4',
      ready: false,
      terminating: false,
      ports: [{ name: 'http', containerPort: 8080 }, { containerPort: 9090 }],
      waiting: [{ container: 'mcp', reason: 'ImagePullBackOff', message: 'Back-off' }],
      conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
    })
  })

  it('marks a Ready pod, and one being deleted as terminating', () => {
    const snapshot = toPodSnapshot({
      metadata: { name: 'p', uid: 'u', deletionTimestamp: new Date() },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    })
    expect(snapshot).toMatchObject({ ready: true, terminating: true, ports: [], waiting: [] })
    expect(snapshot.ip).toBeUndefined()
  })

  it('marks a pod on the host network (its IP is the node)', () => {
    expect(
      toPodSnapshot({
        metadata: { name: 'p', uid: 'u' },
        spec: { containers: [], hostNetwork: true },
      })
    ).toMatchObject({ hostNetwork: true })
    expect(
      toPodSnapshot({ metadata: { name: 'p', uid: 'u' }, spec: { containers: [] } }).hostNetwork
    ).toBeUndefined()
  })
})
