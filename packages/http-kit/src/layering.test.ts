import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const packageJson = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../${name}/package.json`, import.meta.url), 'utf8')) as {
    dependencies?: Record<string, string>
  }
const dependenciesOf = (name: string) => Object.keys(packageJson(name).dependencies ?? {})

// Issue 28: metrics, the activator, MCP and the dashboard stood on the routes package for its
// HTTP plumbing. They share this kit instead; only their tests may mount the routes.
describe('the HTTP kit layering', () => {
  it.each(['observability', 'activator', 'mcp', 'dashboard'])(
    '%s depends on the kit, not on the routes package',
    (name) => {
      expect(dependenciesOf(name)).toContain('@mcp-lifecycle/http-kit')
      expect(dependenciesOf(name)).not.toContain('@mcp-lifecycle/handlers')
    }
  )

  it('stands on core and auth alone among our packages', () => {
    const ours = dependenciesOf('http-kit').filter((dep) => dep.startsWith('@mcp-lifecycle/'))
    expect(ours.sort()).toEqual(['@mcp-lifecycle/auth', '@mcp-lifecycle/core'])
  })
})
