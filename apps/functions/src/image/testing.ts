// What the benchmarks (bench/) need of the function images: how a bundle is built and the
// NODE_OPTIONS each image runs with, so that they run a bundle as its image does.
export {
  FUNCTIONS_DOCKERFILE,
  imageMemoryEnv,
  imageNodeOptions,
  MANAGER_DOCKERFILE,
} from './node-options.ts'
export { FUNCTION_BUNDLE_OPTIONS } from '../../bundle-plugins.mjs'
