import { describe, expect, it } from 'vitest'
import { parseOptions } from './options.ts'

describe('parseOptions', () => {
  it('takes flags before the environment', () => {
    const env = { MCP_HOST: '127.0.0.2', MCP_PORT: '9000', MCP_MODE: 'stateless', POD_NAME: 'env' }
    expect(parseOptions(['--host', '127.1.0.1', '--port', '8080', '--pod', 'p-1'], env)).toEqual({
      host: '127.1.0.1',
      port: 8080,
      mode: 'stateless',
      pod: 'p-1',
      exitWithStdin: false,
    })
  })

  it('reads the environment when there are no flags', () => {
    const env = { MCP_HOST: '127.0.0.2', MCP_PORT: '0', MCP_MODE: 'stateless', POD_NAME: 'env' }
    expect(parseOptions(['--exit-with-stdin'], env)).toEqual({
      host: '127.0.0.2',
      port: 0,
      mode: 'stateless',
      pod: 'env',
      exitWithStdin: true,
    })
  })

  it('defaults to stateful on 127.0.0.1:8080', () => {
    expect(parseOptions([], {})).toMatchObject({ host: '127.0.0.1', port: 8080, mode: 'stateful' })
  })

  it.each([
    [['--port', 'http'], /--port/],
    [['--port', '65536'], /--port/],
    [['--mode', 'sticky'], /--mode: sticky; the modes are stateful, stateless/],
    [['--verbose'], /Unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseOptions(argv, {})).toThrow(message)
  })
})
