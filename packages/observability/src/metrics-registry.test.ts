import { describe, expect, it } from 'vitest'
import { createMetrics } from './metrics-registry.ts'

describe('createMetrics', () => {
  it("registers Node's default metrics at the first scrape, not at start, and scrapes them from then on", async () => {
    const metrics = createMetrics()
    // Setting them up is ~3 ms of a function's cold start (issue 18): not before they are asked for.
    expect(metrics.registry.getSingleMetric('mcpl_process_cpu_user_seconds_total')).toBeUndefined()
    const first = await metrics.scrape()
    expect(first).toContain('mcpl_process_cpu_user_seconds_total')
    expect(first).toContain('mcpl_nodejs_heap_space_size_used_bytes')
    expect(first).toContain('mcpl_http_requests_total')
    const second = await metrics.scrape()
    // Registered once: a second registration would throw (same names on one registry).
    expect(second.match(/^# TYPE mcpl_process_cpu_user_seconds_total /gm)).toHaveLength(1)
  })

  it('counts requests answered without a wake and the wakes (issue 30)', async () => {
    const metrics = createMetrics()
    metrics.answeredAsleep.inc({ era: 'modern' })
    metrics.wakes.inc()
    const text = await metrics.scrape()
    expect(text).toContain('mcpl_mcp_answered_asleep_total{era="modern"} 1')
    expect(text).toContain('mcpl_mcp_wakes_total 1')
  })
})
