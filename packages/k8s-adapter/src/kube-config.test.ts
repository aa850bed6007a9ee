import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadKubeConfig } from './kube-config.ts'

const dir = mkdtempSync(join(tmpdir(), 'mcpl-kube-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A kubeconfig file with one cluster, named after it. */
function kubeconfigFile(name: string): string {
  const file = join(dir, name)
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster: { server: `https://${name}.test` } }],
      users: [{ name, user: { token: 'abc' } }],
      contexts: [{ name, context: { cluster: name, user: name } }],
      'current-context': name,
    })
  )
  return file
}

describe('loadKubeConfig', () => {
  it('reads the files in KUBECONFIG, skipping the ones that do not exist (as kubectl does)', () => {
    const kubeConfig = loadKubeConfig({
      KUBECONFIG: [join(dir, 'missing'), kubeconfigFile('first'), kubeconfigFile('second')].join(
        delimiter
      ),
      HOME: dir,
    })
    expect(kubeConfig.getClusters().map((c) => c.name)).toEqual(['first', 'second'])
  })

  it('reads ~/.kube/config without KUBECONFIG', () => {
    const home = mkdtempSync(join(dir, 'home-'))
    mkdirSync(join(home, '.kube'))
    renameSync(kubeconfigFile('home'), join(home, '.kube', 'config'))
    expect(loadKubeConfig({ HOME: home }).getCurrentCluster()?.server).toBe('https://home.test')
  })

  // Regression: without any, client-node fell back to http://localhost:8080, and the user read
  // "the Kubernetes API server cannot be reached" (or a bare ENOENT for a missing KUBECONFIG).
  it('says where it looked and how to get one when there is no kubeconfig', () => {
    const home = mkdtempSync(join(dir, 'empty-home-'))
    expect(() => loadKubeConfig({ HOME: home })).toThrow(
      `no kubeconfig found: looked at KUBECONFIG (not set), ${home}/.kube/config (no such file) ` +
        'and in-cluster (not a pod with a ServiceAccount). Point KUBECONFIG at a kubeconfig, ' +
        'or start the local cluster: eval "$(npm run --silent cluster:up)"'
    )
  })

  it('names the KUBECONFIG files that do not exist', () => {
    const missing = join(dir, 'nope')
    expect(() => loadKubeConfig({ KUBECONFIG: missing, HOME: dir })).toThrow(
      `no kubeconfig found: looked at KUBECONFIG (${missing}: no such file) and in-cluster`
    )
  })

  it('names the file it could not read', () => {
    const broken = join(dir, 'broken')
    writeFileSync(broken, '{ not yaml: [')
    expect(() => loadKubeConfig({ KUBECONFIG: broken })).toThrow(`kubeconfig ${broken}: `)
  })
})
