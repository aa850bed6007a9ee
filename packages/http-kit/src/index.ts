export type { HandlerDeps } from './handler-deps.ts'
export { createBaseApp } from './create-base-app.ts'
export { callScope, operationContext } from './operation-context.ts'
export {
  CLIENT_CLOSED_REQUEST,
  createErrorHandler,
  isFault,
  notFoundHandler,
  problemHeaders,
  problemResponse,
} from './problem-response.ts'
export type { ErrorLogger } from './problem-response.ts'
export { validate } from './validate.ts'
export { routeNotFound } from './route-not-found.ts'
export { routesWithoutBearer, takesNoBearer, withoutBearer } from './without-bearer.ts'
export { keptJson, keptJsonBytes, keptJsonOf } from './kept-json.ts'
export { limitBody } from './limit-body.ts'
export { admitStream, streamSlotsOf } from './admit-stream.ts'
export type { AdmittedStream } from './admit-stream.ts'
