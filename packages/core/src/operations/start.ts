import type { StartRequest } from '../requests.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import type { OperationContext } from './context.ts'
import { mutate } from './mutation.ts'
import { waitAndView } from './wait-and-view.ts'

/**
 * POST /servers/{name}/start: scales a stopped server to 1 replica; a server that already has
 * replicas is left as it is (idempotent). With wait_ready, answers once it is running.
 */
export function startServer(
  ctx: OperationContext,
  name: string,
  request: StartRequest
): Promise<ServerStatusView> {
  return mutate(ctx, 'start', name, request.wait_ready, ({ deployment, services }) => ({
    to: Math.max(deployment.desiredReplicas, 1),
    apply: async () =>
      deployment.desiredReplicas === 0
        ? ctx.backend.scale(name, 1, { dryRun: ctx.dryRun, signal: ctx.signal })
        : deployment,
    ...(request.wait_ready && {
      follow: (applied) =>
        waitAndView(ctx, services, name, applied.desiredReplicas, request.timeout),
    }),
  }))
}
