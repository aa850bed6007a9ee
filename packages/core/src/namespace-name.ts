import * as v from 'valibot'
import { dnsLabel, serverName } from './server-name.ts'

/**
 * A namespace's name, a DNS-1123 label. Checked before anything is looked up, so a malformed
 * one is a 400 naming the field rather than a 404.
 */
export const namespaceName = dnsLabel

/** Route parameters of the routes of one namespace (`/namespaces/{namespace}/servers`). */
export const namespaceParams = v.object({ namespace: namespaceName })

/** Route parameters of the per-server routes of one namespace. */
export const namespacedServerParams = v.object({ namespace: namespaceName, name: serverName })
