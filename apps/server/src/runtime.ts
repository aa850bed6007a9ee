// Kept for entry points written against the earlier path; the runtime lives in its own package.
export * from '@mcp-lifecycle/runtime'
