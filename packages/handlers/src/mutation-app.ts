import {
  serverNameParams,
  serverStatusViewSchema,
  type createRequestSchemas,
  type OperationContext,
  type ServerStatusView,
} from '@mcp-lifecycle/core'
import {
  createBaseApp,
  type HandlerDeps,
  operationContext,
  validate,
} from '@mcp-lifecycle/http-kit'
import type * as v from 'valibot'
import { dryRunQuery } from './dry-run-query.ts'
import { describeOperation } from './describe-operation.ts'
import { schemasFor } from './schemas-for.ts'

type RequestSchemas = ReturnType<typeof createRequestSchemas>
type Action = 'start' | 'stop' | 'scale'

/** One mutation of a server: its route, its OpenAPI description and the core operation it runs. */
export interface Mutation<A extends Action> {
  action: A
  summary: string
  errors: Record<number, string>
  run(
    ctx: OperationContext,
    name: string,
    request: v.InferOutput<RequestSchemas[A]>
  ): Promise<ServerStatusView>
}

/** POST /servers/{name}/{action}: the name, the dry-run flag and the body checked before `run`. */
export function createMutationApp<A extends Action>(deps: HandlerDeps, mutation: Mutation<A>) {
  const body = schemasFor(deps)[mutation.action]
  return createBaseApp(deps).post(
    `/servers/:name/${mutation.action}`,
    describeOperation(mutation.summary, serverStatusViewSchema, mutation.errors, {
      params: serverNameParams,
      query: dryRunQuery,
      body,
    }),
    validate('param', serverNameParams),
    validate('query', dryRunQuery),
    validate('json', body),
    async (c) => {
      const ctx = operationContext(c, deps, c.req.valid('query').dry_run === 'true')
      const request = c.req.valid('json') as v.InferOutput<RequestSchemas[A]>
      return c.json(await mutation.run(ctx, c.req.valid('param').name, request))
    }
  )
}
