import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { apiCredentials } from './api-credentials.ts'

const CA = '-----BEGIN CERTIFICATE-----\ntest-ca\n-----END CERTIFICATE-----\n'

function kubeConfigOf(cluster: Partial<Cluster>, user: Partial<User>): KubeConfig {
  const kubeConfig = new KubeConfig()
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://k8s.test', skipTLSVerify: false, ...cluster }],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  })
  return kubeConfig
}

type AgentWithOptions = HttpAgent & { options: Record<string, unknown>; keepAlive: boolean }

describe('apiCredentials', () => {
  it('gives the token as a header and one kept-alive agent with the TLS settings', async () => {
    const credentials = apiCredentials(
      kubeConfigOf(
        { caData: Buffer.from(CA).toString('base64'), tlsServerName: 'api.internal' },
        { token: 't0k3n', impersonateUser: 'alice' }
      )
    )
    const first = await credentials()
    expect(first.headers).toEqual({ Authorization: 'Bearer t0k3n', 'Impersonate-User': 'alice' })
    const agent = first.agent as AgentWithOptions
    expect(agent).toBeInstanceOf(HttpsAgent)
    expect(agent.keepAlive).toBe(true)
    expect(String(agent.options.ca)).toBe(CA)
    expect(agent.options.servername).toBe('api.internal')
    expect(agent.options).not.toHaveProperty('rejectUnauthorized')
    expect((await credentials()).agent).toBe(agent)
  })

  it('turns off certificate checks only where the kubeconfig says so', async () => {
    const { agent } = await apiCredentials(kubeConfigOf({ skipTLSVerify: true }, { token: 't' }))()
    expect((agent as AgentWithOptions).options.rejectUnauthorized).toBe(false)
  })

  it('gives a username and password as basic authorization', async () => {
    const { headers } = await apiCredentials(
      kubeConfigOf({}, { username: 'admin', password: 's3cret' })
    )()
    expect(headers).toEqual({
      Authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}`,
    })
  })

  it('keeps plain HTTP on an HTTP agent, allowed with skipTLSVerify only', async () => {
    const { agent } = await apiCredentials(
      kubeConfigOf({ server: 'http://127.0.0.1:8080', skipTLSVerify: true }, { token: 't' })
    )()
    expect(agent).not.toBeInstanceOf(HttpsAgent)
    expect((agent as AgentWithOptions).keepAlive).toBe(true)
    await expect(
      apiCredentials(kubeConfigOf({ server: 'http://127.0.0.1:8080' }, { token: 't' }))()
    ).rejects.toThrow(/HTTP protocol is not allowed/)
  })

  it("goes through client-node's proxy agent when the cluster names a proxy", async () => {
    const { agent } = await apiCredentials(
      kubeConfigOf({ proxyUrl: 'http://proxy.test:3128' }, { token: 't' })
    )()
    expect((agent as unknown as { proxy: URL }).proxy.href).toBe('http://proxy.test:3128/')
  })
})
