import type { V1Lease } from '@kubernetes/client-node'
import type { LeaderLease } from '@mcp-lifecycle/core'
import { kubernetesStatus, toLifecycleError } from './api-errors.ts'
import type { AdapterContext } from './adapter-context.ts'
import { createStandaloneContext, type K8sClientOptions } from './standalone-context.ts'

export interface LeaseOptions {
  /** The Lease's name in the namespace. */
  name: string
  /** Unique per process (a restarted process is a new holder). */
  identity: string
  /** A holder that has not renewed for this long may be replaced. */
  durationSeconds: number
  now?: () => number
}

/** The Kubernetes LeaderLease: one coordination.k8s.io Lease, as client-go's leader election. */
export function createK8sLeaderLease(options: LeaseOptions & K8sClientOptions): LeaderLease {
  return createLeaseLock(createStandaloneContext(options), options)
}

/**
 * Every change is a create or a replace carrying the resourceVersion read just before, so of
 * two contenders exactly one wins (the other gets 409 and is not the holder). Expiry is judged
 * on this process's clock, from when it last saw the Lease change (client-go does the same),
 * never by comparing renewTime with our clock: clocks of two replicas may disagree.
 */
export function createLeaseLock(ctx: AdapterContext, options: LeaseOptions): LeaderLease {
  const now = options.now ?? Date.now
  const ref = { name: options.name, namespace: ctx.namespace }
  let observed: { version: string; at: number } | undefined

  const spec = (previous?: V1Lease['spec']) => {
    const at = microTime(now())
    const renewing = previous?.holderIdentity === options.identity
    return {
      holderIdentity: options.identity,
      leaseDurationSeconds: options.durationSeconds,
      acquireTime: renewing && previous?.acquireTime ? previous.acquireTime : at,
      renewTime: at,
      leaseTransitions: (previous?.leaseTransitions ?? 0) + (renewing ? 0 : 1),
    }
  }

  const write = async (change: () => Promise<V1Lease>): Promise<boolean> => {
    try {
      const written = await change()
      observed = { version: written.metadata?.resourceVersion ?? '', at: now() }
      return true
    } catch (error) {
      // Another contender changed the Lease first: it holds it.
      if (kubernetesStatus(error) === 409) return false
      throw toLifecycleError(error, `Taking the lease '${options.name}'`)
    }
  }

  async function read(signal?: AbortSignal): Promise<V1Lease | undefined> {
    try {
      return await ctx.api.coordination.readNamespacedLease(ref, ctx.api.abortedBy(signal))
    } catch (error) {
      if (kubernetesStatus(error) === 404) return undefined
      throw toLifecycleError(error, `Reading the lease '${options.name}'`)
    }
  }

  return {
    async acquireOrRenew(signal) {
      const lease = await read(signal)
      if (!lease) {
        const body: V1Lease = { metadata: { name: options.name }, spec: spec() as V1Lease['spec'] }
        return write(() =>
          ctx.api.coordination.createNamespacedLease(
            { namespace: ctx.namespace, body },
            ctx.api.abortedBy(signal)
          )
        )
      }
      const version = lease.metadata?.resourceVersion ?? ''
      if (observed?.version !== version) observed = { version, at: now() }
      const holder = lease.spec?.holderIdentity
      const duration = (lease.spec?.leaseDurationSeconds ?? options.durationSeconds) * 1000
      const free = !holder || now() - observed.at >= duration
      if (holder !== options.identity && !free) return false
      const body: V1Lease = {
        ...lease,
        spec: { ...lease.spec, ...spec(lease.spec) } as V1Lease['spec'],
      }
      return write(() =>
        ctx.api.coordination.replaceNamespacedLease({ ...ref, body }, ctx.api.abortedBy(signal))
      )
    },
    async release() {
      const lease = await read().catch(() => undefined)
      if (lease?.spec?.holderIdentity !== options.identity) return
      // An empty holder is free at once for the others (client-go's ReleaseOnCancel).
      const body: V1Lease = { ...lease, spec: { ...lease.spec, holderIdentity: '' } }
      await write(() => ctx.api.coordination.replaceNamespacedLease({ ...ref, body })).catch(
        () => false
      )
    },
  }
}

/** MicroTime as the API server parses it (RFC 3339 with exactly six fraction digits). */
function microTime(ms: number): Date {
  return new Date(ms).toISOString().replace(/Z$/, '000Z') as unknown as Date
}
