import { createHash } from 'node:crypto'
import { ApiException, type V1ConfigMap } from '@kubernetes/client-node'
import { LifecycleError } from '@mcp-lifecycle/core'
import type { AdapterContext } from './adapter-context.ts'
import { toLifecycleError } from './api-errors.ts'

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
  configMap: 'mcp-lifecycle-deliveries',
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
  const change = async (apply: (entries: Record<string, number>) => boolean) => {
    for (let attempt = 1; ; attempt++) {
      const configMap = await read(ctx, options.configMap)
      const entries = prune(parse(configMap), now(), options)
      if (!apply(entries)) return false
      try {
        await ctx.api.core.replaceNamespacedConfigMap({
          name: options.configMap,
          namespace: ctx.namespace,
          body: { ...configMap, data: { ...configMap.data, [DATA_KEY]: JSON.stringify(entries) } },
        })
        return true
      } catch (error) {
        if (!(error instanceof ApiException && error.code === 409) || attempt >= CONFLICT_RETRIES) {
          throw toLifecycleError(error, 'Recording a delivery')
        }
      }
    }
  }
  return {
    async claim(key: string): Promise<boolean> {
      const id = hash(key)
      return change((entries) => {
        if (id in entries) return false
        entries[id] = now()
        return true
      })
    },
    async release(key: string): Promise<void> {
      const id = hash(key)
      await change((entries) => {
        if (!(id in entries)) return false
        delete entries[id]
        return true
      })
    },
  }
}

function hash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

async function read(ctx: AdapterContext, name: string): Promise<V1ConfigMap> {
  try {
    return await ctx.api.core.readNamespacedConfigMap({ name, namespace: ctx.namespace })
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) {
      throw new LifecycleError(
        'unavailable',
        `The delivery record (ConfigMap ${name}) is missing; apply the manifests in infra/.`
      )
    }
    throw toLifecycleError(error, 'Reading the delivery record')
  }
}

function parse(configMap: V1ConfigMap): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(configMap.data?.[DATA_KEY] ?? '{}')
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, number>) : {}
  } catch {
    return {}
  }
}

/** Drops entries past their age, then the oldest beyond the count (keeping room for one). */
function prune(entries: Record<string, number>, now: number, options: DeliveryRecordOptions) {
  const fresh = Object.entries(entries).filter(
    ([, at]) => typeof at === 'number' && now - at < options.maxAgeMs
  )
  fresh.sort((a, b) => b[1] - a[1])
  return Object.fromEntries(fresh.slice(0, options.maxEntries - 1))
}
