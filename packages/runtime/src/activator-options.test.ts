import { describe, expect, it } from 'vitest'
import { activatorOptions } from './activator-options.ts'
import { createRuntime } from './create-runtime.ts'
import { readActivatorSettings } from './manager-settings.ts'
import { writeTestKubeconfig } from './testing/write-kubeconfig.ts'

const kubeconfig = writeTestKubeconfig('mcpl-activator-options-')

describe('activatorOptions', () => {
  it("gives each namespace's activator that namespace's discovery store, never the default one's", () => {
    const runtime = createRuntime({
      KUBECONFIG: kubeconfig,
      MCPL_AUTH: 'none',
      MCPL_LOG_LEVEL: 'silent',
      MCPL_NAMESPACE: 'mcp',
      MCPL_NAMESPACES: 'mcp,team-a',
    })
    const settings = readActivatorSettings({})
    const [own, teamA] = ['mcp', 'team-a'].map((namespace) =>
      runtime.namespacePorts.find((p) => p.namespace === namespace)!
    )
    expect(activatorOptions(runtime, own!, settings).discovery).toBe(runtime.kubernetes.discovery)
    const options = activatorOptions(runtime, teamA!, settings)
    // A server of team-a must not read (nor write) the answers of the default namespace's
    // server of the same name: one tenant's tools listed to another.
    expect(options.discovery).toBe(teamA!.adapter.discovery)
    expect(options.discovery).not.toBe(runtime.kubernetes.discovery)
    expect(options.activityRecorder).toBe(teamA!.adapter.activity)
  })
})
