import { LifecycleError } from './errors.ts'
import type { DeploymentSnapshot } from './snapshot.ts'
import type { ServerStatusView } from './view-schemas.ts'

/** A wait that passed its deadline, with the Deployment as last seen (none if never seen). */
export class ReplicasTimeout extends LifecycleError {
  readonly lastSeen?: DeploymentSnapshot

  constructor(detail: string, lastSeen: DeploymentSnapshot | undefined) {
    super('timeout', detail)
    this.name = 'ReplicasTimeout'
    if (lastSeen) this.lastSeen = lastSeen
  }
}

/**
 * The 504 of a start or scale that waited: the problem carries the last seen status under
 * `server`, so the caller sees how far it got.
 */
export class ServerTimeout extends LifecycleError {
  readonly server: ServerStatusView

  constructor(detail: string, server: ServerStatusView) {
    super('timeout', detail, { extensions: { server } })
    this.name = 'ServerTimeout'
    this.server = server
  }
}
