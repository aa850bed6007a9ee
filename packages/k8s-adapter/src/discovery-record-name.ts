/**
 * The ConfigMap that keeps a server's discovery answers: the one place a server's identity
 * becomes a storage key (servers named `namespace/name` later change only this).
 */
export function discoveryRecordName(server: string): string {
  return `mcpl-discovery-${server}`
}

/** Labels every discovery ConfigMap carries; one without them is not ours and is never written. */
export const DISCOVERY_RECORD_LABELS = {
  'app.kubernetes.io/managed-by': 'mcp-lifecycle',
  'mcp-lifecycle/discovery-of': '',
} as const

export function discoveryRecordLabels(server: string): Record<string, string> {
  return { ...DISCOVERY_RECORD_LABELS, 'mcp-lifecycle/discovery-of': server }
}
