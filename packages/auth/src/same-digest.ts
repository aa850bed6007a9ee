/**
 * Whether two digests of one length (base64 or hex text) are equal, in time that does not
 * depend on where they differ: every character is compared, with no early exit. Digests of
 * another length are unequal at once (a digest's length is public).
 */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}
