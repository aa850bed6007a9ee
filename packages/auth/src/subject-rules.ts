import type { Scope } from '@mcp-lifecycle/core'
import * as v from 'valibot'
import { followFile } from './follow-file.ts'
import { InvalidFileError } from './invalid-file-error.ts'
import { matchesSubject } from './subject-glob.ts'
import { subjectRulesFileSchema } from './subject-rules-file.ts'

/** What a rule grants a subject. */
export interface SubjectGrant {
  scope: Scope
  servers?: string
}

export interface SubjectRules {
  /** The grant of the first rule that names the subject, if any. */
  find(subject: string): SubjectGrant | undefined
  /** Stops following the file. */
  close(): void
}

interface Rule extends SubjectGrant {
  pattern: string
}

/** Parses a subjects file; `namespace` completes the `serviceAccount` rules. */
export function parseSubjectRules(path: string, text: string, namespace: string): Rule[] {
  const parsed = v.safeParse(subjectRulesFileSchema, JSON.parse(text))
  if (!parsed.success) throw InvalidFileError.of(path, parsed.issues)
  return parsed.output.subjects.map((rule) => ({
    pattern: rule.subject ?? `system:serviceaccount:${namespace}:${rule.serviceAccount}`,
    scope: rule.scope,
    ...(rule.servers && { servers: rule.servers }),
  }))
}

/**
 * The subject rules of a file, reloaded when its content changes (like the tokens file); a
 * reload that fails keeps the previous rules and reports the error. First match wins.
 */
export function createSubjectRules(
  path: string,
  namespace: string,
  onReloadError: (error: unknown) => void
): SubjectRules {
  const rules = followFile(path, (text) => parseSubjectRules(path, text, namespace), onReloadError)
  return {
    find(subject) {
      const rule = rules.current().find((r) => matchesSubject(r.pattern, subject))
      return rule && { scope: rule.scope, ...(rule.servers && { servers: rule.servers }) }
    },
    close: rules.close,
  }
}
