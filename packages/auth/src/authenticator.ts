import type { Principal } from '@mcp-lifecycle/core'

/** Turns the Authorization header into a principal, or throws 401/403. */
export type Authenticator = (authorization: string | undefined) => Promise<Principal>
