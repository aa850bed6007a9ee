import type { V1LabelSelector } from '@kubernetes/client-node'

/** A Deployment's spec.selector in the string form that list calls take. */
export function toSelectorString(selector: V1LabelSelector | undefined): string {
  const terms = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`)
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    if (operator === 'In') terms.push(`${key} in (${values.join(',')})`)
    else if (operator === 'NotIn') terms.push(`${key} notin (${values.join(',')})`)
    else if (operator === 'Exists') terms.push(key)
    else if (operator === 'DoesNotExist') terms.push(`!${key}`)
  }
  return terms.join(',')
}
