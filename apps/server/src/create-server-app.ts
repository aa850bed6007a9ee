import {
  createBaseApp,
  createHealthApp,
  createListApp,
  createScaleApp,
  createStartApp,
  createStatusApp,
  createStopApp,
  type HandlerDeps,
} from '@mcp-lifecycle/handlers'

/** Every operation and the health routes in one app, for local runs and single-pod installs. */
export function createServerApp(deps: HandlerDeps) {
  return createBaseApp(deps)
    .route('/', createHealthApp(deps))
    .route('/', createListApp(deps))
    .route('/', createStatusApp(deps))
    .route('/', createStartApp(deps))
    .route('/', createStopApp(deps))
    .route('/', createScaleApp(deps))
}
