/**
 * Whether a subject matches a glob where '*' is any run of characters other than ':', so a
 * '*' never reaches across the parts of `system:serviceaccount:<namespace>:<name>`.
 */
export function matchesSubject(pattern: string, subject: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^:]*')
  return new RegExp(`^${source}$`).test(subject)
}
