import type { Action, ActionInput } from '../actions.ts'
import type { ServerStatusView } from '../view-schemas.ts'
import type { OperationContext } from './context.ts'
import { scaleServer } from './scale.ts'
import { startServer } from './start.ts'
import { stopServer } from './stop.ts'

/** Runs a named action (from a webhook or an event) through the same operations as HTTP. */
export function runAction<A extends Action>(
  ctx: OperationContext,
  action: A,
  input: ActionInput<A>
): Promise<ServerStatusView> {
  const { name, ...request } = input as ActionInput<Action>
  if (action === 'start') return startServer(ctx, name, request as ActionInput<'start'>)
  if (action === 'stop') return stopServer(ctx, name, request as ActionInput<'stop'>)
  return scaleServer(ctx, name, request as ActionInput<'scale'>)
}
