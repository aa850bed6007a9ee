import type { ScaleRequest } from '../requests.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import type { OperationContext } from './context.ts'
import { mutate } from './mutation.ts'
import { waitAndView } from './wait-and-view.ts'

/**
 * POST /servers/{name}/scale: sets the replica count; asking for the current count changes
 * nothing (idempotent). With wait_ready, answers once that many pods are ready (or, for 0,
 * once none is left).
 */
export function scaleServer(
  ctx: OperationContext,
  name: string,
  request: ScaleRequest
): Promise<ServerStatusView> {
  return mutate(ctx, 'scale', name, request.wait_ready, ({ deployment, services }) => ({
    to: request.replicas,
    apply: async () =>
      deployment.desiredReplicas === request.replicas
        ? deployment
        : ctx.backend.scale(name, request.replicas, { dryRun: ctx.dryRun, signal: ctx.signal }),
    ...(request.wait_ready && {
      follow: () => waitAndView(ctx, services, name, request.replicas, request.timeout),
    }),
  }))
}
