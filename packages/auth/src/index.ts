export { authenticate } from './authenticate.ts'
export type { Authenticator } from './authenticator.ts'
export { createAuthenticator, CLUSTER_ISSUER, UNAUTHENTICATED } from './create-authenticator.ts'
export type { AuthSettings, AuthSources } from './create-authenticator.ts'
export { createTokenAuthenticator, loadTokens } from './token-authenticator.ts'
export type { TokenAuthenticator } from './token-authenticator.ts'
export { createJwtAuthenticator, looksLikeJwt } from './jwt-authenticator.ts'
export type { ClusterIssuerSource } from './cluster-issuer.ts'
export { tokensFileSchema } from './tokens-file.ts'
export type { TokensFile } from './tokens-file.ts'
export { subjectRulesFileSchema } from './subject-rules-file.ts'
export type { SubjectRulesFile } from './subject-rules-file.ts'
export { createWebhookSecrets, parseWebhookSecrets } from './webhook-secrets.ts'
export { verifyWebhookSignature } from './webhook-signature.ts'
export { followFile } from './follow-file.ts'
export {
  CREDENTIAL_ENDED,
  DEFAULT_CREDENTIAL_CHECK_MS,
  followCredential,
} from './follow-credential.ts'
export type { FollowCredentialOptions } from './follow-credential.ts'
