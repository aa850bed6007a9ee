import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose'

/** How soon after a load an unknown `kid` may load the keys again (as jose's remote sets do). */
export const KEYS_COOLDOWN_MS = 30_000

/**
 * A key set loaded on first use and kept, loaded again when a token names a `kid` it does not
 * hold (the issuer rotated its keys), at most once per cooldown: tokens with made-up `kid`s
 * cannot make every request a load. Concurrent loads are shared.
 */
export function createRefreshingKeySet(
  load: () => Promise<JSONWebKeySet>,
  cooldownMs = KEYS_COOLDOWN_MS,
  now: () => number = Date.now
): JWTVerifyGetKey {
  let current: { keys: JWTVerifyGetKey; loadedAt: number } | undefined
  let loading: Promise<{ keys: JWTVerifyGetKey; loadedAt: number }> | undefined
  const reload = () =>
    (loading ??= load()
      .then((jwks) => (current = { keys: createLocalJWKSet(jwks), loadedAt: now() }))
      .finally(() => (loading = undefined)))

  return async (header, token) => {
    const held = current ?? (await reload())
    try {
      return await held.keys(header, token)
    } catch (error) {
      const unknownKid = error instanceof errors.JWKSNoMatchingKey
      if (!unknownKid || now() - held.loadedAt < cooldownMs) throw error
      return (await reload()).keys(header, token)
    }
  }
}
