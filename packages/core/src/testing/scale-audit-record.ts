// One audit record checked at two tiers: as the operations make it (operations/mutation.test.ts)
// and as the manager logs it for an HTTP request (runtime's compose-app.test.ts).
import type { AuditRecord } from '../audit.ts'

/** What agent-7, a writer, leaves by scaling weather from 1 to 3 replicas: a change, not a dry run. */
export const WEATHER_SCALED_1_TO_3: AuditRecord = {
  who: 'agent-7',
  action: 'scale',
  server: 'weather',
  from: 1,
  to: 3,
  dry_run: false,
  outcome: 'changed',
}
