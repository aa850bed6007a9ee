import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestNamespace, type ClusterAccess } from './cluster-fixtures.ts'

// The manifests we ship are checked by the API server itself (schema, defaulting,
// validation), through server-side dry run: nothing is created.
const infra = (path: string) => fileURLToPath(new URL(`../../../infra/${path}`, import.meta.url))

let access: ClusterAccess
beforeAll(async () => {
  access = await createTestNamespace('infra')
})

function kubectl(args: string[], input?: string): string {
  const all = ['--kubeconfig', inject('kubeconfig'), '-n', access.namespace, ...args]
  return execFileSync('kubectl', all, { encoding: 'utf8', stdio: 'pipe', ...(input && { input }) })
}

/** The CRDs come from the knative.dev Go modules (see infra/control-plane/knative-crds.sh). */
function installKnativeCrds(): void {
  const files = execFileSync('bash', [infra('control-plane/knative-crds.sh')], { encoding: 'utf8' }).trim().split('\n')
  // Server-side apply: these CRDs are too large for the last-applied annotation.
  kubectl(['apply', '--server-side', '--force-conflicts', ...files.flatMap((f) => ['-f', f])])
  kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/services.serving.knative.dev', 'crd/triggers.eventing.knative.dev', 'crd/brokers.eventing.knative.dev'])
}

function dryRunApply(...files: string[]): string {
  const args = ['--kubeconfig', inject('kubeconfig'), '-n', access.namespace, 'apply', '--dry-run=server']
  for (const file of files) args.push('-f', file)
  return execFileSync('kubectl', args, { encoding: 'utf8', stdio: 'pipe' })
}

describe('infra manifests', () => {
  it('pass server-side dry run: RBAC and the example MCP servers', () => {
    const output = dryRunApply(infra('k8s/rbac.yaml'), infra('examples/mcp-servers.yaml'))
    expect(output).toContain('role.rbac.authorization.k8s.io/mcp-lifecycle created (server dry run)')
    expect(output).toContain('deployment.apps/mcp-weather created (server dry run)')
  })

  it('pass server-side dry run: the Knative Services, against the Knative CRDs', () => {
    installKnativeCrds()
    const output = dryRunApply(infra('knative/functions.yaml'))
    for (const op of ['list', 'status', 'start', 'stop', 'scale']) {
      expect(output).toContain(`service.serving.knative.dev/mcp-lifecycle-${op} created (server dry run)`)
    }
  })

  it('are checked against the Knative schema: a string containerPort is refused', () => {
    installKnativeCrds()
    const broken = [
      'apiVersion: serving.knative.dev/v1',
      'kind: Service',
      'metadata: {name: broken}',
      'spec: {template: {spec: {containers: [{image: x, ports: [{containerPort: "http"}]}]}}}',
    ].join('\n')
    expect(() => kubectl(['apply', '--dry-run=server', '-f', '-'], broken)).toThrow(/containerPort/)
  })

  it('are really checked: a broken manifest is refused', () => {
    const broken = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken}\nspec: {replicas: "two"}\n`
    const args = ['--kubeconfig', inject('kubeconfig'), '-n', access.namespace, 'apply', '--dry-run=server', '-f', '-']
    expect(() => execFileSync('kubectl', args, { input: broken, stdio: 'pipe' })).toThrow()
  })
})
