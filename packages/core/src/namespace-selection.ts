import * as v from 'valibot'
import { namespaceName } from './namespace-name.ts'

/** The namespaces a manager acts on: a list, or every namespace it may see. */
export type NamespaceSelection = { all: true } | { all: false; namespaces: string[] }

/**
 * `*`, or a comma list of namespace names (spaces around commas allowed, duplicates dropped).
 * A malformed name fails the whole setting, and the message quotes it.
 */
export const namespaceSelection = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.minLength(1, 'must name at least one namespace, or be *'),
  v.rawTransform(({ dataset, addIssue, NEVER }): NamespaceSelection => {
    if (dataset.value === '*') return { all: true }
    const names = dataset.value.split(',').map((part) => part.trim())
    const bad = names.find((name) => !v.safeParse(namespaceName, name).success)
    if (bad === undefined) return { all: false, namespaces: [...new Set(names)] }
    addIssue({
      message: `'${bad.slice(0, 70)}' is not a namespace name (a DNS-1123 label); use a comma list of names, or *`,
    })
    return NEVER
  })
)

/** Whether the selection takes in the namespace. */
export function selects(selection: NamespaceSelection, namespace: string): boolean {
  return selection.all || selection.namespaces.includes(namespace)
}
