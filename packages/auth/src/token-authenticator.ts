import { hash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Principal } from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { bearerToken, WRONG_CREDENTIAL } from './bearer-token.ts'
import { sameDigest } from './same-digest.ts'
import { followFile } from './follow-file.ts'
import { InvalidFileError } from './invalid-file-error.ts'
import { tokensFileSchema } from './tokens-file.ts'

interface StoredToken {
  principal: Principal
  /** The token's SHA-256, base64. */
  sha256: string
}

// One-shot, as base64 text: no Hash object and no Buffer per request (a token is hashed at
// every request).
const sha256 = (text: string) => hash('sha256', text, 'base64')

/** Reads and validates a tokens file; only the hashes are kept. */
export function loadTokens(path: string): StoredToken[] {
  return parseTokens(path, readFileSync(path, 'utf8'))
}

function parseTokens(path: string, text: string): StoredToken[] {
  const parsed = v.safeParse(tokensFileSchema, JSON.parse(text))
  if (!parsed.success) throw InvalidFileError.of(path, parsed.issues)
  return parsed.output.tokens.map((t) => ({
    principal: { id: t.id, scope: t.scope, ...(t.servers && { servers: t.servers }) },
    sha256: 'token' in t ? sha256(t.token) : Buffer.from(t.sha256, 'hex').toString('base64'),
  }))
}

export interface TokenAuthenticator {
  authenticate(authorization: string | undefined): Promise<Principal>
  /** Stops following the file. */
  close(): void
}

/**
 * Bearer tokens from a file, reloaded when its content changes (followFile). The presented token is
 * hashed and compared with every stored hash in constant time, without an early exit.
 * A reload that fails keeps the previous tokens and reports the error.
 */
export function createTokenAuthenticator(
  path: string,
  onReloadError: (error: unknown) => void
): TokenAuthenticator {
  const tokens = followFile(path, (text) => parseTokens(path, text), onReloadError)
  return {
    async authenticate(authorization) {
      const presented = sha256(bearerToken(authorization))
      let found: Principal | undefined
      for (const token of tokens.current()) {
        if (sameDigest(token.sha256, presented) && !found) found = token.principal
      }
      if (!found) throw WRONG_CREDENTIAL
      return found
    },
    close: tokens.close,
  }
}
