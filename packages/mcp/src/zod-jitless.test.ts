import { globalConfig } from 'zod/v4/core'
import { expect, it } from 'vitest'
import { createMcpServer } from './index.ts'

it("turns zod's generated parsers off as the package loads, before the SDK builds its schemas", () => {
  expect(typeof createMcpServer).toBe('function')
  expect(globalConfig.jitless).toBe(true)
})
