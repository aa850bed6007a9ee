// What the live-view benchmark measures (live-view.ts), as live-view-report.ts prints it.
import type { StatusReads } from './live-view-status-reads.ts'
import type { Summary } from './stats.ts'

export interface LoadRun {
  requests_per_second: number
  requests_total: number
  latency_p50_ms: number
  latency_p99_ms: number
  non_2xx_or_errors: number
  api_requests_total: number
  api_requests_per_http_request: number
  rss_before_mb: number
  rss_highest_sample_mb: number
  rss_peak_vmhwm_mb: number
}

export interface LiveViewResult {
  namespace: string
  mcp_servers: number
  services: number
  setup_seconds: number
  manager_sync_seconds: number
  get_servers: {
    iterations: number
    settle_ms: number
    manager_cache_ms: Summary
    live_list_function_ms: Summary
    api_requests_manager: number
    api_requests_live: number
  }
  status_reads: StatusReads
  stream: { samples: number; watch_event_to_sse_ms: Summary; missed: number }
  load: { connections: number; seconds: number; manager: LoadRun; status_function: LoadRun }
}
