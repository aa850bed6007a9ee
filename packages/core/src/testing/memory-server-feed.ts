import type { FeedEvent, ServerFeed } from '../server-feed.ts'
import type { DeploymentSnapshot, ServiceSnapshot } from '../snapshot.ts'

type Kind = 'deployments' | 'services'
type Snapshot<K extends Kind> = K extends 'deployments' ? DeploymentSnapshot : ServiceSnapshot

/**
 * A ServerFeed over objects the test puts and removes, all in one namespace: each follower
 * gets the whole list, `connected`, then every change, until its signal aborts. Held to
 * runServerFeedContract.
 */
export class MemoryServerFeed implements ServerFeed {
  readonly namespace: string
  private readonly objects = {
    deployments: new Map<string, DeploymentSnapshot>(),
    services: new Map<string, ServiceSnapshot>(),
  }
  private readonly followers = new Set<(kind: Kind, event: FeedEvent<unknown>) => void>()

  constructor(namespace = 'default') {
    this.namespace = namespace
  }

  putDeployment(deployment: DeploymentSnapshot): void {
    this.put('deployments', deployment)
  }

  removeDeployment(name: string): void {
    this.remove('deployments', name)
  }

  putService(service: ServiceSnapshot): void {
    this.put('services', service)
  }

  removeService(name: string): void {
    this.remove('services', name)
  }

  /** The Deployment as put, if any: the tests' back door. */
  peekDeployment(name: string): DeploymentSnapshot | undefined {
    return structuredClone(this.objects.deployments.get(name))
  }

  deployments(signal: AbortSignal): AsyncIterable<FeedEvent<DeploymentSnapshot>> {
    return this.follow('deployments', signal)
  }

  services(signal: AbortSignal): AsyncIterable<FeedEvent<ServiceSnapshot>> {
    return this.follow('services', signal)
  }

  private put<K extends Kind>(kind: K, object: Snapshot<K>): void {
    ;(this.objects[kind] as Map<string, Snapshot<K>>).set(object.name, structuredClone(object))
    this.tell(kind, { type: 'upsert', item: this.placed(object) })
  }

  private remove(kind: Kind, name: string): void {
    const object = this.objects[kind].get(name)
    if (!object) return
    this.objects[kind].delete(name)
    this.tell(kind, { type: 'delete', item: this.placed(object) })
  }

  private placed<T>(object: T) {
    return { namespace: this.namespace, object: structuredClone(object) }
  }

  private tell(kind: Kind, event: FeedEvent<unknown>): void {
    for (const follower of this.followers) follower(kind, event)
  }

  private async *follow<K extends Kind>(
    kind: K,
    signal: AbortSignal
  ): AsyncIterable<FeedEvent<Snapshot<K>>> {
    const items = [...this.objects[kind].values()].map((object) => this.placed(object))
    const queue: FeedEvent<unknown>[] = [{ type: 'list', items }, { type: 'connected' }]
    let wake = () => {}
    const follower = (changed: Kind, event: FeedEvent<unknown>) => {
      if (changed !== kind) return
      queue.push(event)
      wake()
    }
    const onAbort = () => wake()
    this.followers.add(follower)
    signal.addEventListener('abort', onAbort)
    try {
      while (!signal.aborted) {
        const event = queue.shift()
        if (event) yield event as FeedEvent<Snapshot<K>>
        else await new Promise<void>((resolve) => (wake = resolve))
      }
    } finally {
      this.followers.delete(follower)
      signal.removeEventListener('abort', onAbort)
    }
  }
}
