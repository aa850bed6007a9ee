import type { V1OwnerReference, V1Pod } from '@kubernetes/client-node'
import type { AdapterContext } from './adapter-context.ts'
import { pauseUnlessAborted } from './pause-unless-aborted.ts'

/**
 * Which pods a Deployment owns: those whose controller is one of the Deployment's own
 * ReplicaSets (by UID, as the garbage collector follows them). Labels alone prove nothing:
 * another Deployment, or a stray pod, can carry a server's labels and take its traffic. The
 * ReplicaSets are listed again when a pod names one not seen yet (a new rollout), at most once
 * per `relistMs` (a pod seen sooner waits for it), so stray pods cannot make the watch list
 * without end.
 */
export class OwnedPods {
  private owners = new Set<string>()
  private foreign = new Set<string>()
  private lastList = 0
  private readonly ctx: AdapterContext
  private readonly deploymentUid: string
  private readonly labelSelector: string
  private readonly signal: AbortSignal
  private readonly relistMs: number

  constructor(
    ctx: AdapterContext,
    deploymentUid: string,
    labelSelector: string,
    signal: AbortSignal,
    relistMs = 1_000
  ) {
    this.ctx = ctx
    this.deploymentUid = deploymentUid
    this.labelSelector = labelSelector
    this.signal = signal
    this.relistMs = relistMs
  }

  /** The pods of `pods` the Deployment owns; lists its ReplicaSets when one is unknown. */
  async filter(pods: Iterable<V1Pod>): Promise<V1Pod[]> {
    const all = [...pods]
    const unknown = all.some((pod) => {
      const uid = controllerUid(pod.metadata?.ownerReferences)
      return uid !== undefined && !this.owners.has(uid) && !this.foreign.has(uid)
    })
    if (unknown) {
      // Too soon after the last list, wait for the rest of relistMs instead of dropping the
      // pod: a new rollout's pod can be Ready within it, and no later event would show it.
      const tooSoon = this.lastList + this.relistMs - Date.now()
      if (tooSoon > 0) await pauseUnlessAborted(tooSoon, this.signal)
      await this.listOwners()
      // An owner not found now is not one of ours: no list again for it.
      for (const pod of all) {
        const uid = controllerUid(pod.metadata?.ownerReferences)
        if (uid !== undefined && !this.owners.has(uid)) this.foreign.add(uid)
      }
    }
    return all.filter((pod) => {
      const uid = controllerUid(pod.metadata?.ownerReferences)
      return uid !== undefined && this.owners.has(uid)
    })
  }

  private async listOwners(): Promise<void> {
    this.lastList = Date.now()
    const list = await this.ctx.api.apps.listNamespacedReplicaSet(
      { namespace: this.ctx.namespace, labelSelector: this.labelSelector },
      this.ctx.api.abortedBy(this.signal)
    )
    const owners = new Set<string>()
    const foreign = new Set<string>()
    for (const rs of list.items) {
      const uid = rs.metadata?.uid
      if (!uid) continue
      if (controllerUid(rs.metadata?.ownerReferences) === this.deploymentUid) owners.add(uid)
      else foreign.add(uid)
    }
    this.owners = owners
    this.foreign = foreign
  }
}

/** The UID of the object's controller (the owner reference with `controller: true`). */
function controllerUid(refs: V1OwnerReference[] | undefined): string | undefined {
  return refs?.find((ref) => ref.controller === true)?.uid
}
