import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
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

/** kubectl without `-n`: for manifests that name their own namespaces. */
function kubectlAnyNamespace(args: string[], input?: string): string {
  const all = ['--kubeconfig', inject('kubeconfig'), ...args]
  return execFileSync('kubectl', all, { encoding: 'utf8', stdio: 'pipe', ...(input && { input }) })
}

/** The namespaces a managed-namespaces list names: one directory per entry, each setting one. */
function readListedNamespaces(list: string): string[] {
  const entries = readFileSync(join(list, 'kustomization.yaml'), 'utf8').match(/^  - (\S+)$/gm)
  return (entries ?? []).map((entry) => {
    const overlay = readFileSync(join(list, entry.slice(4), 'kustomization.yaml'), 'utf8')
    return /^namespace: (\S+)$/m.exec(overlay)![1]!
  })
}

/** Namespaces of fixed names (those of the shipped example), created once per cluster. */
function ensureNamespaces(names: string[]): void {
  const manifests = names.map(
    (name) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}`
  )
  kubectlAnyNamespace(['apply', '-f', '-'], manifests.join('\n---\n'))
}

/** The CRDs come from the knative.dev Go modules (see infra/control-plane/knative-crds.sh). */
function installKnativeCrds(): void {
  const files = execFileSync('bash', [infra('control-plane/knative-crds.sh')], { encoding: 'utf8' })
    .trim()
    .split('\n')
  // Server-side apply: these CRDs are too large for the last-applied annotation.
  kubectl(['apply', '--server-side', '--force-conflicts', ...files.flatMap((f) => ['-f', f])])
  kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/services.serving.knative.dev',
    'crd/triggers.eventing.knative.dev',
    'crd/brokers.eventing.knative.dev',
    'crd/pingsources.sources.knative.dev',
    'crd/eventtransforms.eventing.knative.dev',
  ])
}

function dryRunApply(...files: string[]): string {
  return kubectl(['apply', '--dry-run=server', ...files.flatMap((file) => ['-f', file])])
}

describe('infra manifests', () => {
  it('pass server-side dry run: RBAC and the example MCP servers', () => {
    const output = dryRunApply(infra('base/rbac.yaml'), infra('examples/mcp-servers.yaml'))
    expect(output).toContain(
      'role.rbac.authorization.k8s.io/mcp-lifecycle created (server dry run)'
    )
    expect(output).toContain('deployment.apps/mcp-weather created (server dry run)')
  })

  it('pass server-side dry run: the Knative Services, against the Knative CRDs', () => {
    installKnativeCrds()
    const output = dryRunApply(infra('knative/functions.yaml'))
    for (const op of ['list', 'status', 'start', 'stop', 'scale']) {
      expect(output).toContain(
        `service.serving.knative.dev/mcp-lifecycle-${op} created (server dry run)`
      )
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

  // The two deployable sets, rendered by kubectl's kustomize as `kubectl apply -k` does, with
  // strict field validation: an unknown or misspelt field is an error, not a warning.
  const FUNCTIONS = ['list', 'status', 'start', 'stop', 'scale', 'mcp', 'hooks']
  const BASE = [
    'serviceaccount/mcp-lifecycle',
    'role.rbac.authorization.k8s.io/mcp-lifecycle',
    'rolebinding.rbac.authorization.k8s.io/mcp-lifecycle',
    'configmap/mcp-lifecycle-deliveries',
  ]
  const dryRunKustomization = (dir: string) =>
    kubectl(['apply', '--dry-run=server', '--validate=strict', '-k', infra(dir)])
  // `created`, or `configured`/`unchanged` for what the namespace fixture already made.
  const created = (output: string) =>
    output
      .trim()
      .split('\n')
      .map((line) => line.replace(/ (created|configured|unchanged) \(server dry run\)$/, ''))
      .sort()

  it('pass strict server-side dry run: infra/k8s (base, a Deployment and a Service per function)', () => {
    const output = dryRunKustomization('k8s')
    expect(created(output)).toEqual(
      [
        ...BASE,
        ...FUNCTIONS.flatMap((f) => [
          `deployment.apps/mcp-lifecycle-${f}`,
          `service/mcp-lifecycle-${f}`,
        ]),
      ].sort()
    )
  })

  it('pass strict server-side dry run: infra/knative (base, a Knative Service per function, a Trigger per event type, the reaper tick)', () => {
    installKnativeCrds()
    const output = dryRunKustomization('knative')
    expect(created(output)).toEqual(
      [
        ...BASE,
        ...FUNCTIONS.map((f) => `service.serving.knative.dev/mcp-lifecycle-${f}`),
        'configmap/mcp-lifecycle-subjects',
        ...['start', 'stop', 'scale', 'reap'].map(
          (f) => `trigger.eventing.knative.dev/mcp-lifecycle-${f}`
        ),
        'pingsource.sources.knative.dev/mcp-lifecycle-reap',
        'eventtransform.eventing.knative.dev/mcp-lifecycle-reap',
      ].sort()
    )
  })

  it('route each event type to /events of its function, through the Broker `default`', () => {
    installKnativeCrds()
    // The objects as the API server would store them (a List, after defaulting).
    const list = JSON.parse(
      kubectl(['apply', '--dry-run=server', '-o', 'json', '-k', infra('knative')])
    )
    const items = (list.items as any[]).filter((o) => o.kind === 'Trigger')
    expect(
      items.map((t) => [t.spec.broker, t.spec.filter.attributes.type, t.spec.subscriber])
    ).toEqual(
      // in kustomize's output order (by name); the reap tick goes to the stop function
      [
        ['reap', 'stop'],
        ['scale', 'scale'],
        ['start', 'start'],
        ['stop', 'stop'],
      ].map(([type, op]) => [
        'default',
        `dev.mcp-lifecycle.server.${type}`,
        {
          ref: {
            apiVersion: 'serving.knative.dev/v1',
            kind: 'Service',
            name: `mcp-lifecycle-${op}`,
          },
          uri: '/events',
          // OIDC delivery tokens are minted for this audience: the function's own.
          audience: `mcp-lifecycle-${op}`,
        },
      ])
    )
  })

  it("give each function the cluster's issuer, its own audience and its own subject rules", () => {
    installKnativeCrds()
    const list = JSON.parse(
      kubectl(['apply', '--dry-run=server', '-o', 'json', '-k', infra('knative')])
    )
    const items = list.items as any[]
    const subjects = items.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === 'mcp-lifecycle-subjects'
    )
    const services = items.filter(
      (o) => o.kind === 'Service' && o.apiVersion.startsWith('serving.')
    )
    const granted: Record<string, string[]> = {}
    for (const service of services) {
      const op = service.metadata.name.replace('mcp-lifecycle-', '')
      const pod = service.spec.template.spec
      const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]))
      expect(env).toMatchObject({
        MCPL_JWT_ISSUER: 'cluster',
        MCPL_JWT_AUDIENCE: `mcp-lifecycle-${op}`,
        MCPL_JWT_SUBJECTS_FILE: '/etc/mcp-lifecycle/subjects/subjects.json',
      })
      const volume = pod.volumes.find((v: any) => v.name === 'subjects')
      expect(volume.configMap).toEqual({
        name: 'mcp-lifecycle-subjects',
        items: [{ key: `${op}.json`, path: 'subjects.json' }],
      })
      const rules = JSON.parse(subjects.data[`${op}.json`]).subjects
      granted[op] = rules.map((r: any) => `${r.serviceAccount} ${r.scope}`)
    }
    // Each Trigger's identity (knative.dev/eventing pkg/auth: <trigger>-oidc-<group>-<kind>)
    // may write to the function its events go to, and nowhere else.
    const trigger = (name: string) =>
      `mcp-lifecycle-${name}-oidc-eventing.knative.dev-trigger write`
    expect(granted).toEqual({
      list: [],
      status: [],
      start: [trigger('start')],
      stop: [trigger('stop'), trigger('reap')],
      scale: [trigger('scale')],
      mcp: [],
      hooks: [],
    })
  })

  it('send a reap event each minute: PingSource -> EventTransform (our type) -> Broker', () => {
    installKnativeCrds()
    const list = JSON.parse(
      kubectl(['apply', '--dry-run=server', '-o', 'json', '-k', infra('knative')])
    )
    const byKind = (kind: string) => (list.items as any[]).find((o) => o.kind === kind)
    const ping = byKind('PingSource')
    const transform = byKind('EventTransform')
    expect(ping.spec.schedule).toBe('* * * * *')
    expect(ping.spec.sink.ref).toMatchObject({
      kind: 'EventTransform',
      name: transform.metadata.name,
    })
    expect(transform.spec.jsonata.expression).toContain('"type": "dev.mcp-lifecycle.server.reap"')
    expect(transform.spec.sink.ref).toMatchObject({ kind: 'Broker', name: 'default' })
  })

  it('are checked against the Trigger schema too: a misspelt subscriber field is refused', () => {
    installKnativeCrds()
    const broken = [
      'apiVersion: eventing.knative.dev/v1',
      'kind: Trigger',
      'metadata: {name: broken}',
      'spec: {broker: default, subscriber: {reff: {apiVersion: serving.knative.dev/v1, kind: Service, name: x}}}',
    ].join('\n')
    expect(() =>
      kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], broken)
    ).toThrow(/reff/)
  })

  it('ship the deliveries ConfigMap so that re-applying the manifests keeps the record', async () => {
    kubectl(['delete', 'configmap', 'mcp-lifecycle-deliveries', '--ignore-not-found'])
    kubectl(['apply', '-k', infra('base')])
    const ref = { name: 'mcp-lifecycle-deliveries', namespace: access.namespace }
    const shipped = await access.core.readNamespacedConfigMap(ref)
    // No data: the app reads a missing record as {}.
    expect(shipped.data?.deliveries).toBeUndefined()
    // The app records a delivery the way delivery-record.ts does: read, modify, replace.
    const record = { a1b2c3: 1_795_000_000_000 }
    await access.core.replaceNamespacedConfigMap({
      ...ref,
      body: { ...shipped, data: { ...shipped.data, deliveries: JSON.stringify(record) } },
    })
    kubectl(['apply', '-k', infra('base')])
    const after = await access.core.readNamespacedConfigMap(ref)
    expect(JSON.parse(after.data?.deliveries ?? 'null')).toEqual(record)
  })

  it('grant the ServiceAccount get and update of the deliveries ConfigMap, get, create and update of the discovery records, and never list, watch, patch or delete a ConfigMap', () => {
    kubectl(['apply', '-k', infra('base')])
    const sa = `system:serviceaccount:${access.namespace}:mcp-lifecycle`
    const canI = (...args: string[]) => {
      try {
        return kubectl(['auth', 'can-i', '--as', sa, ...args]).trim()
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? '').trim()
      }
    }
    expect(canI('get', 'configmap/mcp-lifecycle-deliveries')).toBe('yes')
    expect(canI('update', 'configmap/mcp-lifecycle-deliveries')).toBe('yes')
    expect(canI('patch', 'configmap/mcp-lifecycle-deliveries')).toBe('no')
    expect(canI('delete', 'configmap/mcp-lifecycle-deliveries')).toBe('no')
    // Discovery records (mcpl-discovery-<server>): names are not known ahead, so not narrowed.
    expect(canI('get', 'configmap/mcpl-discovery-weather')).toBe('yes')
    expect(canI('create', 'configmaps')).toBe('yes')
    expect(canI('update', 'configmap/mcpl-discovery-weather')).toBe('yes')
    expect(canI('list', 'configmaps')).toBe('no')
    expect(canI('watch', 'configmaps')).toBe('no')
    expect(canI('patch', 'configmap/mcpl-discovery-weather')).toBe('no')
    expect(canI('delete', 'configmap/mcpl-discovery-weather')).toBe('no')
  })

  // Issue 31: every managed namespace's Role, RoleBinding and deliveries record from one list.
  it('render one Role, RoleBinding and deliveries ConfigMap per namespace of infra/examples/managed-namespaces, passing strict server-side dry run', () => {
    const example = infra('examples/managed-namespaces')
    const rendered = execFileSync('kubectl', ['kustomize', example], { encoding: 'utf8' })
    const listed = readListedNamespaces(example)
    expect(listed).toEqual(['team-a', 'team-b'])
    ensureNamespaces(listed)
    const output = kubectlAnyNamespace(
      ['apply', '--dry-run=server', '--validate=strict', '-o', 'json', '-f', '-'],
      rendered
    )
    const items = JSON.parse(output).items as any[]
    expect(items.map((o) => `${o.metadata.namespace} ${o.kind}/${o.metadata.name}`).sort()).toEqual(
      listed
        .flatMap((ns) => [
          `${ns} ConfigMap/mcp-lifecycle-deliveries`,
          `${ns} Role/mcp-lifecycle`,
          `${ns} RoleBinding/mcp-lifecycle`,
        ])
        .sort()
    )
    // Bound to the manager's ServiceAccount in its own namespace, not one per listed namespace.
    for (const binding of items.filter((o) => o.kind === 'RoleBinding')) {
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'mcp-lifecycle', namespace: 'mcp-servers' },
      ])
    }
  })

  it('let the manager scale servers and record deliveries in each namespace of infra/examples/managed-namespaces, and in no other', () => {
    const example = infra('examples/managed-namespaces')
    const listed = readListedNamespaces(example)
    ensureNamespaces(listed)
    kubectlAnyNamespace(['apply', '-k', example])
    const manager = 'system:serviceaccount:mcp-servers:mcp-lifecycle'
    const canI = (namespace: string, ...args: string[]) => {
      try {
        return kubectlAnyNamespace(['auth', 'can-i', '--as', manager, '-n', namespace, ...args])
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? '')
      }
    }
    for (const namespace of listed) {
      expect(canI(namespace, 'update', 'deployments.apps/srv', '--subresource=scale').trim()).toBe(
        'yes'
      )
      expect(canI(namespace, 'update', 'configmap/mcp-lifecycle-deliveries').trim()).toBe('yes')
    }
    expect(canI(access.namespace, 'list', 'deployments.apps').trim()).toBe('no')
  })

  it('are really checked: a broken manifest is refused', () => {
    const broken = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken}\nspec: {replicas: "two"}\n`
    expect(() => kubectl(['apply', '--dry-run=server', '-f', '-'], broken)).toThrow()
  })
})
