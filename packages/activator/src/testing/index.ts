export { INITIALIZE, mcpPost } from './mcp-post.ts'
export { readyPod } from './ready-pod.ts'
