/** Bounds that shape the request schemas; set by configuration. */
export interface Limits {
  /** Highest replica count a scale request may ask for. */
  maxReplicas: number
  /** Longest wait, in seconds, a start or scale request may ask for. */
  maxTimeoutSeconds: number
}

export const DEFAULT_LIMITS: Limits = { maxReplicas: 10, maxTimeoutSeconds: 900 }

/** How long start and scale wait when the request does not say. */
export const DEFAULT_TIMEOUT_SECONDS = 300
