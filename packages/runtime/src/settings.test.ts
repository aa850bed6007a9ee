import { describe, expect, it } from 'vitest'
import { parseSettings } from './settings.ts'

describe('parseSettings', () => {
  it('fills every default from an empty environment', () => {
    expect(parseSettings({})).toEqual({
      PORT: 8080,
      HOST: '0.0.0.0',
      MCPL_SELECTOR: 'app.kubernetes.io/component=mcp-server',
      MCPL_MAX_REPLICAS: 10,
      MCPL_MAX_TIMEOUT_SECONDS: 900,
      MCPL_NODE_HOSTS: [],
      MCPL_CLUSTER_DOMAIN: 'cluster.local',
      MCPL_LOG_LEVEL: 'info',
      MCPL_SHUTDOWN_GRACE_SECONDS: 10,
      MCPL_AUTH: 'token',
      MCPL_JWT_SCOPE_CLAIM: 'scope',
      MCPL_JWT_MAX_TOKEN_AGE_SECONDS: 3600,
      MCPL_DELIVERIES_CONFIGMAP: 'mcp-lifecycle-deliveries',
      MCPL_MAX_BODY_BYTES: 65536,
      MCPL_RATE_LIMIT_BURST: 20,
      MCPL_RATE_LIMIT_PER_MINUTE: 60,
      MCPL_MAX_CONCURRENT_WAITS: 100,
      MCPL_MAX_STREAMS: 256,
      MCPL_MAX_STREAMS_PER_PRINCIPAL: 32,
      MCPL_KUBE_TIMEOUT_SECONDS: 5,
      MCPL_MAX_CONNECTIONS: 4096,
      MCPL_MAX_CONNECTIONS_PER_ADDRESS: 256,
      MCPL_HEADERS_TIMEOUT_SECONDS: 10,
      MCPL_REQUEST_TIMEOUT_SECONDS: 30,
    })
  })
  it('reads lists and numbers', () => {
    const settings = parseSettings({
      PORT: '9000',
      MCPL_NODE_HOSTS: '10.0.0.1, 10.0.0.2',
      MCPL_NAMESPACE: 'mcp',
      MCPL_NAMESPACES: 'mcp, team-a',
    })
    expect(settings).toMatchObject({
      MCPL_NAMESPACES: { all: false, namespaces: ['mcp', 'team-a'] },
      PORT: 9000,
      MCPL_NODE_HOSTS: ['10.0.0.1', '10.0.0.2'],
      MCPL_NAMESPACE: 'mcp',
    })
  })
  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['MCPL_MAX_REPLICAS', '0'],
    ['MCPL_NAMESPACE', 'Kube_System'],
    ['MCPL_NAMESPACES', 'team-a,Team_B'],
    ['MCPL_NAMESPACES', ','],
    ['MCPL_LOG_LEVEL', 'loud'],
    ['MCPL_AUTH', 'maybe'],
    ['MCPL_JWT_JWKS_URL', 'not a url'],
    // A JWKS read in clear could be swapped on the way; then any token verifies.
    ['MCPL_JWT_JWKS_URL', 'http://issuer.test/jwks.json'],
    ['MCPL_JWT_MAX_TOKEN_AGE_SECONDS', '0'],
    ['MCPL_MAX_STREAMS', '0'],
    ['MCPL_MAX_STREAMS_PER_PRINCIPAL', 'many'],
    ['MCPL_MAX_CONNECTIONS', '5'],
    ['MCPL_MAX_CONNECTIONS_PER_ADDRESS', '0'],
    ['MCPL_HEADERS_TIMEOUT_SECONDS', '0'],
    ['MCPL_REQUEST_TIMEOUT_SECONDS', '1.5'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => parseSettings({ [name]: value })).toThrow(name)
  })
})
