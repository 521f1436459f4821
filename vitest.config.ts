import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file gets its own process: the crash test kills child hubs, the integration tests bind ports.
    pool: 'forks',
    // The demo MPP seeded once for the run, copied into each test hub's folder (tests/fixtures/demoDatabase.ts).
    globalSetup: ['tests/fixtures/demoDatabaseSetup.ts'],
  },
});
