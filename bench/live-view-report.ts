// The live-view benchmark's tables and targets (issue 17, section 4).
import { table, targetRowsOf, type TargetRow } from './stats.ts'
import type { LiveViewResult } from './live-view-result.ts'

/** The status function's requests/s when every read listed every Service (issue 17). */
const STATUS_RPS_BEFORE = 53

export function liveViewTable(r: LiveViewResult): string {
  const g = r.get_servers
  const s = r.status_reads
  const load = (name: string, x: LiveViewResult['load']['manager']) => [
    name,
    x.requests_per_second,
    x.latency_p50_ms,
    x.latency_p99_ms,
    x.non_2xx_or_errors,
    x.api_requests_total,
    x.api_requests_per_http_request,
    x.rss_before_mb,
    x.rss_highest_sample_mb,
    x.rss_peak_vmhwm_mb,
  ]
  return [
    table(
      `5a. GET /servers at ${r.mcp_servers} servers (${g.iterations} iterations, interleaved, each read ${g.settle_ms} ms after the previous answer; manager synced ${r.manager_sync_seconds} s after its start)`,
      [
        ['path', 'median ms', 'p95 ms', 'API requests'],
        [
          'manager (cache)',
          g.manager_cache_ms.median,
          g.manager_cache_ms.p95,
          g.api_requests_manager,
        ],
        [
          'list function (live)',
          g.live_list_function_ms.median,
          g.live_list_function_ms.p95,
          g.api_requests_live,
        ],
      ]
    ),
    table(
      `5b. One status read in the bench process, ${r.services} Services in the namespace (${s.iterations} iterations, interleaved)`,
      [
        ['read', 'median ms', 'p95 ms', 'x original', 'API requests'],
        [
          'getServer, warm status function (Services followed)',
          s.live_ms.median,
          s.live_ms.p95,
          `${s.ratio_live_to_original}x`,
          s.api_requests.live,
        ],
        [
          "getServer, a function's first read (every Service listed)",
          s.before_ms.median,
          s.before_ms.p95,
          `${s.ratio_before_to_original}x`,
          s.api_requests.before,
        ],
        [
          "original's method (GET Deployment, GET Service by name)",
          s.original_ms.median,
          s.original_ms.p95,
          '1x',
          s.api_requests.original,
        ],
      ]
    ),
    table(
      `5c. GET /servers/{name} under autocannon -c ${r.load.connections} -d ${r.load.seconds}, ${r.mcp_servers} servers and ${r.services} Services`,
      [
        [
          'process',
          'req/s',
          'p50 ms',
          'p99 ms',
          'non-2xx + errors',
          'API requests',
          'API req / HTTP req',
          'RSS before MB',
          'RSS highest MB',
          'VmHWM MB',
        ],
        load('manager (cache)', r.load.manager),
        load('status function (live)', r.load.status_function),
      ]
    ),
    table(`5d. A scale by another client on GET /servers?watch=true (${r.stream.samples} scales)`, [
      ['from', 'median ms', 'p95 ms', 'max ms', 'missed'],
      [
        "the API server's watch event (seen by the bench) to the server's SSE event",
        r.stream.watch_event_to_sse_ms.median,
        r.stream.watch_event_to_sse_ms.p95,
        r.stream.watch_event_to_sse_ms.max,
        r.stream.missed,
      ],
    ]),
  ].join('\n\n')
}

export function liveViewTargets(r: LiveViewResult | undefined): TargetRow[] {
  const target = targetRowsOf(r)
  const m = () => r!.load.manager
  const f = () => r!.load.status_function
  return [
    target(
      'GET /servers at 1000 servers from the cache: p50 under 5 ms, 0 API requests',
      () =>
        `${r!.get_servers.manager_cache_ms.median} ms, ${r!.get_servers.api_requests_manager} requests (live: ${r!.get_servers.live_list_function_ms.median} ms, ${r!.get_servers.api_requests_live} requests)`,
      () => r!.get_servers.manager_cache_ms.median < 5 && r!.get_servers.api_requests_manager === 0
    ),
    target(
      'GET /servers/{name} on the manager: at least 5,000 req/s, 0 API requests',
      () => `${m().requests_per_second} req/s, ${m().api_requests_total} API requests`,
      () => m().requests_per_second >= 5000 && m().api_requests_total === 0
    ),
    target(
      `GET /servers/{name} on the status function: at least 4x ${STATUS_RPS_BEFORE} req/s`,
      () =>
        `${f().requests_per_second} req/s (${Math.round((f().requests_per_second / STATUS_RPS_BEFORE) * 10) / 10}x), ${f().api_requests_per_http_request} API req each`,
      () => f().requests_per_second >= 4 * STATUS_RPS_BEFORE
    ),
    target(
      "One live status read no slower than the original's method (median, same run)",
      () =>
        `${r!.status_reads.live_ms.median} ms vs ${r!.status_reads.original_ms.median} ms (${r!.status_reads.ratio_live_to_original}x)`,
      () => r!.status_reads.live_ms.median <= r!.status_reads.original_ms.median
    ),
    target(
      'Resident memory under that load: manager and status function at most 150 MB',
      () =>
        `manager ${m().rss_peak_vmhwm_mb} MB, status function ${f().rss_peak_vmhwm_mb} MB (VmHWM)`,
      () => m().rss_peak_vmhwm_mb <= 150 && f().rss_peak_vmhwm_mb <= 150
    ),
    target(
      "A scale by another client on the stream within 50 ms (p50) of the API server's watch event",
      () =>
        `${r!.stream.watch_event_to_sse_ms.median} ms (p95 ${r!.stream.watch_event_to_sse_ms.p95} ms, ${r!.stream.missed} missed)`,
      () => r!.stream.missed === 0 && r!.stream.watch_event_to_sse_ms.median <= 50
    ),
  ]
}
