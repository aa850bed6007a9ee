import {
  FeedStore,
  selectsServer,
  type DeploymentSnapshot,
  type ServiceSnapshot,
} from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { listRawServices, servicesSelecting } from './list-server-services.ts'
import type { WatchTuning } from './list-watch.ts'
import { listWatchFeed } from './list-watch-feed.ts'
import { toServiceSnapshot } from './to-snapshot.ts'
import { servicesKind } from './watched-kinds.ts'

/**
 * Where a status read finds the Services that select a server: it asks for them as it asks for
 * the Deployment (in parallel), then picks those that select it.
 */
export type ServicesSelecting = () => Promise<(deployment: DeploymentSnapshot) => ServiceSnapshot[]>

/** Every read lists the namespace's Services (a process that reads once, like the CLI). */
export function listedServices(ctx: AdapterContext): ServicesSelecting {
  return async () => {
    const { items } = await listRawServices(ctx)
    return (deployment) => servicesSelecting(items, deployment)
  }
}

/**
 * For a process that serves many status reads (a function kept warm): the first read's LIST of
 * Services starts a watch (kept in core's FeedStore), so later reads are one GET of the
 * Deployment. While the watch is not connected, reads list again. Nothing runs before the
 * first read, so a cold start holds no sync; `signal` ends the watch.
 */
export function followedServices(
  ctx: AdapterContext,
  tuning: WatchTuning,
  signal: AbortSignal
): ServicesSelecting {
  const followed = new FeedStore<ServiceSnapshot>(Date.now)
  let started = false
  let ended = false
  const listEach = listedServices(ctx)

  async function follow(): Promise<void> {
    try {
      const feed = listWatchFeed(
        ctx,
        servicesKind(ctx, 'shared'),
        toServiceSnapshot,
        signal,
        tuning
      )
      for await (const event of feed) followed.apply(event)
    } finally {
      ended = true
    }
  }

  const selectFollowed = (deployment: DeploymentSnapshot) =>
    followed
      .values(ctx.namespace)
      .filter((service) => selectsServer(service, deployment))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

  return async () => {
    if (!started && !signal.aborted) {
      started = true
      // Failures are the feed's to retry; a read meanwhile lists for itself.
      follow().catch(() => undefined)
    }
    return followed.isFollowing() && !ended && !signal.aborted ? selectFollowed : listEach()
  }
}
