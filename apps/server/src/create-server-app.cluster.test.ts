import { createK8sBackend } from '@mcp-lifecycle/k8s-adapter'
import {
  createDeployment,
  createService,
  createTestNamespace,
  waitUntil,
  replicasOf,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { beforeAll, describe, expect, it } from 'vitest'
import { jsonPost } from '@mcp-lifecycle/core/testing'
import { createServerApp } from './create-server-app.ts'

// Every route end to end: HTTP in, the real adapter, the local control plane out.
let access: ClusterAccess
let app: ReturnType<typeof createServerApp>

beforeAll(async () => {
  access = await createTestNamespace('routes')
  const backend = createK8sBackend({
    kubeConfig: access.kubeConfig,
    namespace: access.namespace,
  })
  app = createServerApp({
    backend,
    endpointOptions: { nodeHosts: ['127.0.0.1'] },
    limits: { maxReplicas: 5, maxTimeoutSeconds: 120 },
  })
  await Promise.all([
    createDeployment(access, { name: 'alpha', replicas: 1 }),
    createDeployment(access, { name: 'bravo', replicas: 0 }),
    createDeployment(access, { name: 'web-frontend', replicas: 1, mcp: false }),
    createDeployment(access, { name: 'stuck', replicas: 1, neverReady: true }),
    createDeployment(access, { name: 'half', replicas: 3, onePerNode: true }),
  ])
})

const json = (body: unknown) => jsonPost(body)

describe('routes on the local control plane', () => {
  it('GET /servers lists MCP servers with their status and leaves the others out', async () => {
    const res = await app.request('/servers')
    expect(res.status).toBe(200)
    const { servers } = (await res.json()) as { servers: { name: string; status: string }[] }
    const byName = Object.fromEntries(servers.map((s) => [s.name, s.status]))
    expect(byName).toEqual({
      alpha: 'running',
      bravo: 'stopped',
      stuck: 'pending',
      half: 'scaling',
    })
  })

  it('GET /servers/{name} reports a running server with its conditions and last activity', async () => {
    const res = await app.request('/servers/alpha')
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      name: 'alpha',
      status: 'running',
      replicas: 1,
      ready_replicas: 1,
      available_replicas: 1,
    })
    expect(body.conditions).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Available', status: 'True' })])
    )
    expect(typeof body.last_activity).toBe('string')
  })

  it('GET /servers/{name} answers 404 for a Deployment without the MCP label', async () => {
    expect((await app.request('/servers/web-frontend')).status).toBe(404)
  })

  it('reports failed once the progress deadline passes', async () => {
    await createDeployment(access, {
      name: 'doomed',
      replicas: 1,
      neverReady: true,
      progressDeadlineSeconds: 1,
    })
    await waitUntil(access, 'doomed', (d) =>
      Boolean(d.status?.conditions?.some((c) => c.reason === 'ProgressDeadlineExceeded'))
    )
    const body = (await (await app.request('/servers/doomed')).json()) as { status: string }
    expect(body.status).toBe('failed')
  })

  it('POST start with wait_ready scales 0 to 1 and answers running; again changes nothing', async () => {
    const res = await app.request('/servers/bravo/start', json({ wait_ready: true, timeout: 60 }))
    expect(await res.json()).toMatchObject({ status: 'running', replicas: 1, ready_replicas: 1 })
    const again = await app.request('/servers/bravo/start', json({}))
    expect(await again.json()).toMatchObject({ status: 'running', replicas: 1 })
    expect(await replicasOf(access, 'bravo')).toBe(1)
  })

  it('POST start without wait_ready answers before the pod is ready', async () => {
    await createDeployment(access, { name: 'charlie', replicas: 0 })
    const res = await app.request('/servers/charlie/start', json({ wait_ready: false }))
    expect(await res.json()).toMatchObject({ replicas: 1 })
    expect(await replicasOf(access, 'charlie')).toBe(1)
  })

  it('POST start answers 504 with the last seen status when pods never become ready', async () => {
    await createDeployment(access, { name: 'never', replicas: 0, neverReady: true })
    const res = await app.request('/servers/never/start', json({ timeout: 2 }))
    expect(res.status).toBe(504)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({
      server: { name: 'never', status: 'pending', replicas: 1 },
    })
  })

  it('POST scale up and down with wait_ready, and to the current count without change', async () => {
    await createDeployment(access, { name: 'delta', replicas: 1 })
    const up = await app.request(
      '/servers/delta/scale',
      json({ replicas: 3, wait_ready: true, timeout: 60 })
    )
    expect(await up.json()).toMatchObject({ status: 'running', replicas: 3, ready_replicas: 3 })
    const same = await app.request('/servers/delta/scale', json({ replicas: 3 }))
    expect(same.status).toBe(200)
    const down = await app.request(
      '/servers/delta/scale',
      json({ replicas: 1, wait_ready: true, timeout: 60 })
    )
    expect(await down.json()).toMatchObject({ status: 'running', replicas: 1, ready_replicas: 1 })
  })

  it('POST scale refuses bad replicas with 400 and leaves the Deployment as it was', async () => {
    for (const replicas of ['2', 1.5, -1, 6, 1e12]) {
      const res = await app.request('/servers/alpha/scale', json({ replicas }))
      expect(res.status).toBe(400)
    }
    expect(await replicasOf(access, 'alpha')).toBe(1)
  })

  it('POST scale and stop answer 404 for a Deployment without the MCP label and leave it alone', async () => {
    expect((await app.request('/servers/web-frontend/scale', json({ replicas: 3 }))).status).toBe(
      404
    )
    expect((await app.request('/servers/web-frontend/stop', json({ force: true }))).status).toBe(
      404
    )
    expect(await replicasOf(access, 'web-frontend')).toBe(1)
    const pods = await access.core.listNamespacedPod({
      namespace: access.namespace,
      labelSelector: 'app=web-frontend',
    })
    expect(pods.items).toHaveLength(1)
  })

  it('POST stop graceful scales to 0; stop by force leaves no pod behind', async () => {
    await createDeployment(access, { name: 'echo', replicas: 2 })
    const graceful = await app.request('/servers/echo/stop', json({}))
    expect(await graceful.json()).toMatchObject({ replicas: 0 })
    await createDeployment(access, { name: 'foxtrot', replicas: 2 })
    const forced = await app.request('/servers/foxtrot/stop', json({ force: true }))
    expect(await forced.json()).toMatchObject({ status: 'stopped', replicas: 0 })
    const pods = await access.core.listNamespacedPod({
      namespace: access.namespace,
      labelSelector: 'app=foxtrot',
    })
    expect(pods.items).toHaveLength(0)
    const again = await app.request('/servers/foxtrot/stop', json({ force: true }))
    expect(await again.json()).toMatchObject({ status: 'stopped' })
  })

  it('dry_run=true answers the status it would produce and changes nothing', async () => {
    const res = await app.request('/servers/alpha/scale?dry_run=true', json({ replicas: 4 }))
    expect(await res.json()).toMatchObject({ replicas: 4 })
    expect(await replicasOf(access, 'alpha')).toBe(1)
  })

  it('reports endpoints from ClusterIP, NodePort, LoadBalancer and headless Services', async () => {
    await createDeployment(access, { name: 'golf', replicas: 1 })
    const selector = { app: 'golf' }
    const clusterIp = await createService(access, {
      metadata: { name: 'golf' },
      spec: { selector, ports: [{ name: 'http', port: 8080 }] },
    })
    const nodePort = await createService(access, {
      metadata: { name: 'golf-np' },
      spec: { type: 'NodePort', selector, ports: [{ name: 'https', port: 8443 }] },
    })
    await createService(access, {
      metadata: { name: 'golf-headless' },
      spec: { clusterIP: 'None', selector, ports: [{ port: 9000 }] },
    })
    const lb = await createService(access, {
      metadata: { name: 'golf-lb' },
      spec: { type: 'LoadBalancer', selector, ports: [{ port: 80, appProtocol: 'http' }] },
    })
    // No cloud controller here: play its part by writing the load balancer's address.
    await access.core.replaceNamespacedServiceStatus({
      name: 'golf-lb',
      namespace: access.namespace,
      body: {
        ...lb,
        status: {
          loadBalancer: { ingress: [{ ip: '203.0.113.10' }, { hostname: 'golf.example.com' }] },
        },
      },
    })
    const body = (await (await app.request('/servers/golf')).json()) as { endpoints: string[] }
    const np = nodePort.spec?.ports?.[0]?.nodePort
    expect(body.endpoints).toEqual(
      expect.arrayContaining([
        `http://${clusterIp.spec?.clusterIP}:8080`,
        `https://${nodePort.spec?.clusterIP}:8443`,
        `https://127.0.0.1:${np}`,
        `http://golf-headless.${access.namespace}.svc.cluster.local:9000`,
        'http://203.0.113.10:80',
        'http://golf.example.com:80',
      ])
    )
  })

  it('answers unknown routes and bad names with problems, not crashes', async () => {
    expect((await app.request('/servers/UPPER')).status).toBe(400)
    expect((await app.request('/servers/a%2F..%2Fb')).status).toBe(400)
    expect((await app.request('/nowhere')).status).toBe(404)
  })
})
