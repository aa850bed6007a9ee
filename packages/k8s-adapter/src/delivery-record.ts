import { createHash } from 'node:crypto'
import type { V1ConfigMap } from '@kubernetes/client-node'
import { DEFAULT_DELIVERIES_CONFIGMAP, LifecycleError } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { kubernetesStatus, toLifecycleError } from './api-errors.ts'

export interface DeliveryRecordOptions {
  /** The ConfigMap that holds the record (shipped with the manifests; never created here). */
  configMap: string
  /** Entries kept at most; the oldest go first. */
  maxEntries: number
  /** Entries older than this are forgotten. */
  maxAgeMs: number
  now?: () => number
}

export const DEFAULT_DELIVERY_RECORD: DeliveryRecordOptions = {
  configMap: DEFAULT_DELIVERIES_CONFIGMAP,
  maxEntries: 2000,
  maxAgeMs: 7 * 24 * 3600 * 1000,
}

const DATA_KEY = 'deliveries'
const CONFLICT_RETRIES = 8

/**
 * The record of handled deliveries, in one ConfigMap of the namespace: shared by every replica,
 * kept across restarts, bounded in count and age. Each change is a read-modify-replace with the
 * ConfigMap's resourceVersion, so two replicas cannot both claim the same delivery: the loser
 * gets 409, reads again, and finds the key. Keys are stored hashed (SHA-256), with the time.
 */
export function createDeliveryRecord(ctx: AdapterContext, options: DeliveryRecordOptions) {
  const now = options.now ?? Date.now
  const change = async (apply: (entries: Entries) => boolean) => {
    for (let attempt = 1; ; attempt++) {
      const configMap = await read(ctx, options.configMap)
      const entries = prune(parse(configMap), now(), options)
      if (!apply(entries)) return false
      try {
        const record = JSON.stringify(Object.fromEntries(entries))
        await ctx.api.core.replaceNamespacedConfigMap({
          name: options.configMap,
          namespace: ctx.namespace,
          body: { ...configMap, data: { ...configMap.data, [DATA_KEY]: record } },
        })
        return true
      } catch (error) {
        if (kubernetesStatus(error) !== 409 || attempt >= CONFLICT_RETRIES) {
          throw toLifecycleError(error, 'Recording a delivery')
        }
      }
    }
  }
  return {
    async claim(key: string): Promise<boolean> {
      const id = hash(key)
      return change((entries) => {
        if (entries.has(id)) return false
        entries.set(id, now())
        return true
      })
    },
    async release(key: string): Promise<void> {
      await change((entries) => entries.delete(hash(key)))
    },
  }
}

/** Hashed key -> time handled. A Map, because the keys come from a ConfigMap anyone may edit. */
type Entries = Map<string, number>

function hash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

async function read(ctx: AdapterContext, name: string): Promise<V1ConfigMap> {
  try {
    return await ctx.api.core.readNamespacedConfigMap({ name, namespace: ctx.namespace })
  } catch (error) {
    if (kubernetesStatus(error) === 404) {
      // Not an outage (503 would invite retries): the install is incomplete.
      throw new LifecycleError(
        'internal',
        `The delivery record (ConfigMap ${name} in namespace ${ctx.namespace}) is missing, so deliveries with an id cannot be recorded; create it: kubectl apply -k infra/base -n ${ctx.namespace}.`,
        { title: 'Manager not fully installed' }
      )
    }
    throw toLifecycleError(error, 'Reading the delivery record')
  }
}

/** The recorded entries; anything that is not a time is dropped. */
function parse(configMap: V1ConfigMap): Entries {
  try {
    const parsed: unknown = JSON.parse(configMap.data?.[DATA_KEY] ?? '{}')
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return new Map()
    const entries = Object.entries(parsed).filter(([, at]) => typeof at === 'number')
    return new Map(entries as [string, number][])
  } catch {
    return new Map()
  }
}

/** Drops entries past their age, then the oldest beyond the count (keeping room for one). */
function prune(entries: Entries, now: number, options: DeliveryRecordOptions): Entries {
  const fresh = [...entries].filter(([, at]) => now - at < options.maxAgeMs)
  fresh.sort((a, b) => b[1] - a[1])
  return new Map(fresh.slice(0, options.maxEntries - 1))
}
