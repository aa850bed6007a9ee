import { LifecycleError } from '@mcp-lifecycle/core'
import type { JSONWebKeySet } from 'jose'
import * as v from 'valibot'
import type { JwtIssuer } from './jwt-issuer.ts'
import { createRefreshingKeySet, KEYS_COOLDOWN_MS } from './refreshing-key-set.ts'

/**
 * The port to the cluster's service-account issuer: its discovery document and its JWKS, read
 * through the Kubernetes adapter's connection (bounded in time there). Answers are raw JSON.
 */
export interface ClusterIssuerSource {
  /** GET /.well-known/openid-configuration */
  openidConfiguration(): Promise<unknown>
  /** GET /openid/v1/jwks */
  jwks(): Promise<unknown>
}

const discoverySchema = v.object({ issuer: v.pipe(v.string(), v.minLength(1)) })
const jwksSchema = v.object({
  keys: v.pipe(v.array(v.looseObject({ kty: v.string() })), v.maxLength(100)),
})

const UNAVAILABLE = (cause: unknown) =>
  new LifecycleError('unavailable', "The cluster's token issuer could not be read; retry.", {
    cause,
  })

/**
 * The issuer of the cluster this process runs in: its `issuer` from the discovery document,
 * its keys from the JWKS, both read when first needed (a cold start reads nothing) and through
 * the adapter's connection, never a URL copied by hand. A failed read answers 503 and is tried
 * again by the next request.
 */
export function createClusterIssuer(
  source: ClusterIssuerSource,
  cooldownMs = KEYS_COOLDOWN_MS,
  onReadError: (error: unknown) => void = () => {}
): JwtIssuer {
  let issuer: Promise<string> | undefined
  // The 503 says only "retry"; why the read failed goes to the log.
  const read = <T extends v.GenericSchema>(get: () => Promise<unknown>, schema: T) =>
    readValid(get, schema).catch((error: unknown) => {
      onReadError(error instanceof LifecycleError ? error.cause : error)
      throw error
    })
  return {
    issuer: () =>
      (issuer ??= read(source.openidConfiguration, discoverySchema)
        .then((document) => document.issuer)
        .catch((error) => {
          issuer = undefined
          throw error
        })),
    keys: createRefreshingKeySet(
      async () => (await read(source.jwks, jwksSchema)) as JSONWebKeySet,
      cooldownMs
    ),
  }
}

async function readValid<T extends v.GenericSchema>(
  get: () => Promise<unknown>,
  schema: T
): Promise<v.InferOutput<T>> {
  let answer: unknown
  try {
    answer = await get()
  } catch (error) {
    throw UNAVAILABLE(error)
  }
  const parsed = v.safeParse(schema, answer)
  if (!parsed.success) throw UNAVAILABLE(new Error(parsed.issues[0].message))
  return parsed.output
}
