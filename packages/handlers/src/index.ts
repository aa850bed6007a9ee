export { createListApp } from './list.ts'
export type { ListAppOptions } from './list.ts'
export { createStatusApp } from './status.ts'
export { createStartApp } from './start.ts'
export { createStopApp } from './stop.ts'
export { createScaleApp } from './scale.ts'
export { createHealthApp } from './health.ts'
export { createBaseApp } from './handler-deps.ts'
export type { HandlerDeps } from './handler-deps.ts'
export {
  CLIENT_CLOSED_REQUEST,
  createErrorHandler,
  notFoundHandler,
  problemResponse,
} from './problem-response.ts'
export type { ErrorLogger } from './problem-response.ts'
export { validate } from './validate.ts'
export { routeNotFound } from './route-not-found.ts'
export { routesWithoutBearer, takesNoBearer, withoutBearer } from './without-bearer.ts'
export { callScope, operationContext } from './handler-deps.ts'
export { createApiDocsApp } from './api-docs-app.ts'
export { createHooksApp } from './hooks.ts'
export type { HooksDeps } from './hooks.ts'
export { createEventsApp, STATUS_EVENT_TYPE, EVENT_TYPE_PREFIX } from './events.ts'
export { describeOperation } from './describe-operation.ts'
export { admitStream, streamSlotsOf } from './admit-stream.ts'
export type { AdmittedStream } from './admit-stream.ts'
