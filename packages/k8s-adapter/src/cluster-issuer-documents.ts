import type { AdapterContext } from './adapter-context.ts'

/** The API server's service-account issuer documents, as raw JSON (auth validates them). */
export interface ClusterIssuerDocuments {
  openidConfiguration(): Promise<unknown>
  jwks(): Promise<unknown>
}

/**
 * The service-account issuer of the cluster, read through the adapter's own connection (in a
 * pod the ServiceAccount's token and CA against kubernetes.default.svc, else the kubeconfig),
 * so no issuer or JWKS URL is copied by hand. Each read is bounded by the call timeout. The
 * discovery document's `jwks_uri` is not followed: it names the issuer's public host, which a
 * pod may not reach; the API server serves the same keys at /openid/v1/jwks.
 */
export function readClusterIssuer(ctx: AdapterContext): ClusterIssuerDocuments {
  return {
    openidConfiguration: () =>
      ctx.api.readDocument('/.well-known/openid-configuration', 'application/json'),
    // The API server serves the keys as application/jwk-set+json only (406 for application/json).
    jwks: () => ctx.api.readDocument('/openid/v1/jwks', 'application/jwk-set+json'),
  }
}
