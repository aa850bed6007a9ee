// What tests and benchmarks outside runtime use of its test helpers.
export { findOldNode } from './old-node.ts'
export { writeTestKubeconfig } from './write-kubeconfig.ts'
export { serveOnLoopback, type LoopbackServer } from './serve-on-loopback.ts'
