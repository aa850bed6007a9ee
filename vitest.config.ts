import { defineConfig } from 'vitest/config'

// Two tiers: fast unit tests (msw, memory backend) in parallel, and the real-cluster tier,
// run serially against the local control plane (infra/control-plane).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          exclude: ['**/*.cluster.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['packages/*/src/**/*.cluster.test.ts', 'apps/*/src/**/*.cluster.test.ts', 'infra/**/*.cluster.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['infra/control-plane/vitest-global-setup.ts'],
        },
      },
    ],
  },
})
