import { execFileSync } from 'node:child_process'
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
} from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createDeployment,
  createTestNamespace,
  replicasOf,
} from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import type { ClusterAccess } from '@mcp-lifecycle/k8s-adapter/cluster-fixtures'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ensureFreshFunctionBundles, READ_ONLY } from './image/bundle-inputs.ts'
import { FUNCTIONS_DOCKERFILE, imageNodeOptions } from './image/node-options.ts'
import { startUntilListening, type Started } from './image/start-until-listening.ts'

// Issue 27: Knative Eventing's OIDC deliveries, on the user's path. The start and stop bundles
// run as their image runs them, with the environment and subject rules infra/knative gives them,
// as the `mcp-lifecycle` ServiceAccount of infra/base (what a pod of theirs is), against the
// local API server. Tokens are the API server's own: TokenRequest (`kubectl create token`) for
// the identities Knative Eventing delivers with. TokenRequest refuses lifetimes under 10 minutes,
// so the expired token and the token without `sub` are signed with the API server's own
// service-account key (the key behind its JWKS), with claims we control.

const functionsDir = fileURLToPath(new URL('..', import.meta.url))
const infra = (path: string) => fileURLToPath(new URL(`../../../infra/${path}`, import.meta.url))
const trigger = (name: string) => `mcp-lifecycle-${name}-oidc-eventing.knative.dev-trigger`

let access: ClusterAccess
let scratch: string
let manifests: any[]
let clusterIssuer: string
let clusterKid: string
let started: Started[] = []

function kubectl(args: string[], input?: string): string {
  const all = ['--kubeconfig', inject('kubeconfig'), '-n', access.namespace, ...args]
  return execFileSync('kubectl', all, { encoding: 'utf8', stdio: 'pipe', ...(input && { input }) })
}

/** A token of the API server's TokenRequest API, as Knative Eventing gets its own. */
const createToken = (serviceAccount: string, audience: string) =>
  kubectl(['create', 'token', serviceAccount, '--audience', audience, '--duration', '10m']).trim()

const base64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/** A compact JWS signed by `signer` over header and claims. */
function jws(header: object, claims: object, signer: (input: Buffer) => Buffer): string {
  const input = `${base64url(header)}.${base64url(claims)}`
  return `${input}.${signer(Buffer.from(input)).toString('base64url')}`
}
const rs256 = (key: KeyObject) => (input: Buffer) => sign('sha256', input, key)

/** Claims shaped as a TokenRequest token's, for the start Trigger's identity. */
function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000)
  return {
    iss: clusterIssuer,
    aud: ['mcp-lifecycle-start'],
    sub: `system:serviceaccount:${access.namespace}:${trigger('start')}`,
    iat: now,
    nbf: now,
    exp: now + 600,
    ...overrides,
  }
}

/** A kubeconfig of the `mcp-lifecycle` ServiceAccount: the function acts as its pod would. */
function serviceAccountKubeconfig(): string {
  const admin = readFileSync(inject('kubeconfig'), 'utf8')
  const server = /server: (\S+)/.exec(admin)![1]!
  const ca = /certificate-authority-data: (\S+)/.exec(admin)![1]!
  const token = kubectl(['create', 'token', 'mcp-lifecycle', '--duration', '1h']).trim()
  const file = join(scratch, 'mcp-lifecycle.kubeconfig')
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': ca } }],
      users: [{ name: 'sa', user: { token } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'sa' } }],
      'current-context': 'c',
    })
  )
  return file
}

/** Starts a function's bundle as its image does, with its Knative Service's env and files. */
async function startFunction(op: 'start' | 'stop', kubeconfig: string): Promise<Started> {
  const service = manifests.find(
    (o) => o.kind === 'Service' && o.metadata.name === `mcp-lifecycle-${op}`
  )
  const pod = service.spec.template.spec
  const env: Record<string, string> = Object.fromEntries(
    pod.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value])
  )
  // The mounted files, in a directory of this test: the ConfigMap key the manifest names.
  const appDir = mkdtempSync(join(scratch, `${op}-`))
  const subjectsVolume = pod.volumes.find((v: any) => v.name === 'subjects').configMap
  const subjects = manifests.find(
    (o) => o.kind === 'ConfigMap' && o.metadata.name === subjectsVolume.name
  )
  writeFileSync(join(appDir, 'subjects.json'), subjects.data[subjectsVolume.items[0].key])
  writeFileSync(
    join(appDir, 'tokens.json'),
    JSON.stringify({ tokens: [{ id: 'ops', scope: 'read', token: randomUUID() }] })
  )
  copyFileSync(join(functionsDir, 'dist', `${op}.cjs`), join(appDir, 'function.cjs'))
  copyFileSync(join(functionsDir, 'dist', 'main.cjs'), join(appDir, 'main.cjs'))
  const process = await startUntilListening(
    [...READ_ONLY, 'main.cjs'],
    appDir,
    {
      ...env,
      MCPL_TOKENS_FILE: join(appDir, 'tokens.json'),
      MCPL_JWT_SUBJECTS_FILE: join(appDir, 'subjects.json'),
      NODE_ENV: 'production',
      NODE_OPTIONS: imageNodeOptions(FUNCTIONS_DOCKERFILE),
      HOME: appDir,
      PORT: '0',
      HOST: '127.0.0.1',
      KUBECONFIG: kubeconfig,
      // In a pod: the pod's own namespace.
      MCPL_NAMESPACE: access.namespace,
      MCPL_SHUTDOWN_GRACE_SECONDS: '1',
    },
    op
  )
  started.push(process)
  return process
}

function sendEvent(fn: Started, type: string, data: unknown, token?: string) {
  return fetch(`http://127.0.0.1:${fn.port}/events`, {
    method: 'POST',
    headers: {
      'ce-specversion': '1.0',
      'ce-id': randomUUID(),
      'ce-source': '/test/oidc-delivery',
      'ce-type': type,
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(data),
  })
}

let startFn: Started
/** The start event for server `name` to the start function, with `token` as the bearer. */
const sendStart = (name: string, token?: string) =>
  sendEvent(startFn, 'dev.mcp-lifecycle.server.start', { name }, token)
let stopFn: Started
let apiServerKey: KeyObject

beforeAll(async () => {
  ensureFreshFunctionBundles(['start', 'stop'])
  scratch = mkdtempSync(join(tmpdir(), 'mcpl-oidc-'))
  access = await createTestNamespace('oidc')
  // infra/base (the functions' ServiceAccount and Role) for real; infra/knative as the API
  // server renders it, for the env and the subject rules (its CRDs installed as the infra test does).
  kubectl(['apply', '-k', infra('base')])
  const crds = execFileSync('bash', [infra('control-plane/knative-crds.sh')], { encoding: 'utf8' })
  kubectl([
    'apply',
    '--server-side',
    '--force-conflicts',
    ...crds
      .trim()
      .split('\n')
      .flatMap((f) => ['-f', f]),
  ])
  kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/services.serving.knative.dev',
  ])
  manifests = JSON.parse(
    kubectl(['apply', '--dry-run=server', '-o', 'json', '-k', infra('knative')])
  ).items
  // The identities Knative Eventing would create for the Triggers, and one it would not.
  for (const name of [trigger('start'), trigger('stop'), trigger('reap'), 'stranger'])
    kubectl(['create', 'serviceaccount', name])
  clusterIssuer = JSON.parse(kubectl(['get', '--raw', '/.well-known/openid-configuration'])).issuer
  clusterKid = JSON.parse(kubectl(['get', '--raw', '/openid/v1/jwks'])).keys[0].kid
  // The API server's signing key (infra/control-plane/up.sh, --service-account-signing-key-file).
  apiServerKey = createPrivateKey(
    readFileSync(join(dirname(inject('kubeconfig')), 'pki', 'sa.key'))
  )
  await createDeployment(access, { name: 'target', replicas: 0 })
  await createDeployment(access, {
    name: 'idle',
    replicas: 1,
    annotations: {
      // The reaper also counts the Deployment's own condition changes as activity: a short
      // timeout lets this one, created seconds before the reap event, be idle already.
      'mcp-lifecycle/idle-timeout': '1s',
      'mcp-lifecycle/last-activity': new Date(Date.now() - 3_600_000).toISOString(),
    },
  })
  const kubeconfig = serviceAccountKubeconfig()
  ;[startFn, stopFn] = await Promise.all([
    startFunction('start', kubeconfig),
    startFunction('stop', kubeconfig),
  ])
}, 180_000)

afterAll(async () => {
  for (const fn of started) fn.stop()
  await Promise.all(started.map((fn) => fn.exited))
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('Knative OIDC deliveries to a function bundle, with real service-account tokens', () => {
  it('cannot get a TokenRequest token shorter than 10 minutes (why expiry is tested by signing)', () => {
    expect(() =>
      kubectl([
        'create',
        'token',
        trigger('start'),
        '--audience',
        'mcp-lifecycle-start',
        '--duration',
        '1m',
      ])
    ).toThrow(/10 minutes/)
  })

  const throwaway = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  const refusals: [string, () => string, number][] = [
    ['for another audience', () => createToken(trigger('start'), 'mcp-lifecycle-stop'), 401],
    ['of a subject no rule names', () => createToken('stranger', 'mcp-lifecycle-start'), 403],
    // Least privilege: the stop Trigger's identity may not start.
    [
      "of another Trigger's identity",
      () => createToken(trigger('stop'), 'mcp-lifecycle-start'),
      403,
    ],
    [
      'expired (signed by the API server key, exp 2 minutes ago)',
      () => {
        const now = Math.floor(Date.now() / 1000)
        const header = { alg: 'RS256', kid: clusterKid }
        return jws(
          header,
          claims({ iat: now - 720, nbf: now - 720, exp: now - 120 }),
          rs256(apiServerKey)
        )
      },
      401,
    ],
    [
      'without sub (signed by the API server key)',
      () => jws({ alg: 'RS256', kid: clusterKid }, claims({ sub: undefined }), rs256(apiServerKey)),
      401,
    ],
    [
      'of another issuer (a throwaway key, same kid and claims)',
      () => jws({ alg: 'RS256', kid: clusterKid }, claims(), rs256(throwaway)),
      401,
    ],
    [
      "signed HS256 with the API server's public key as the secret",
      () => {
        const secret = createPublicKey(apiServerKey).export({ type: 'spki', format: 'pem' })
        return jws({ alg: 'HS256', kid: clusterKid }, claims(), (input) =>
          createHmac('sha256', secret).update(input).digest()
        )
      },
      401,
    ],
    ["with alg 'none'", () => `${base64url({ alg: 'none' })}.${base64url(claims())}.`, 401],
  ]

  it.each(refusals)('refuses a token %s, and changes nothing', async (_case, make, status) => {
    const response = await sendStart('target', make())
    expect(response.status, await response.text()).toBe(status)
    expect(await replicasOf(access, 'target')).toBe(0)
  })

  it('accepts the same signed claims when they are valid (the refusals above are for their flaw)', async () => {
    const token = jws({ alg: 'RS256', kid: clusterKid }, claims(), rs256(apiServerKey))
    // Authenticated and authorized: the event then answers for a server that does not exist.
    const response = await sendStart('missing', token)
    expect(response.status, await response.text()).toBe(404)
  })

  it("scales a server on a CloudEvent with the start Trigger's TokenRequest token", async () => {
    const token = createToken(trigger('start'), 'mcp-lifecycle-start')
    const response = await sendStart('target', token)
    expect(response.status, await response.text()).toBe(200)
    expect(response.headers.get('ce-type')).toBe('dev.mcp-lifecycle.server.status')
    expect(await replicasOf(access, 'target')).toBe(1)
    // The audit names the Trigger's identity.
    expect(startFn.output()).toContain(
      `jwt:system:serviceaccount:${access.namespace}:${trigger('start')}`
    )
  })

  it("runs one reaper pass on the reap event with the reap Trigger's token", async () => {
    const refused = await sendEvent(
      stopFn,
      'dev.mcp-lifecycle.server.reap',
      {},
      createToken('stranger', 'mcp-lifecycle-stop')
    )
    expect(refused.status).toBe(403)
    expect(await replicasOf(access, 'idle')).toBe(1)
    const token = createToken(trigger('reap'), 'mcp-lifecycle-stop')
    const response = await sendEvent(stopFn, 'dev.mcp-lifecycle.server.reap', {}, token)
    const body = await response.text()
    expect(response.status, body).toBe(200)
    expect(response.headers.get('ce-type')).toBe('dev.mcp-lifecycle.reap.result')
    expect(JSON.parse(body)).toMatchObject({ stopped: ['idle'] })
    expect(await replicasOf(access, 'idle')).toBe(0)
  })
})
