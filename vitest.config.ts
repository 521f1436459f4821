import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A poll waits for what a user would see; on a loaded 2-core CI machine a page, a voice or a
    // child hub can take seconds to get there, not vitest's default second. A poll that succeeds
    // returns at once, so this costs nothing when all is well.
    expect: { poll: { timeout: 15_000 } },
    // Each file gets its own process: the crash test kills child hubs, the integration tests bind ports.
    pool: 'forks',
    // Two files at a time: most of a screen or served-hub test is waiting (a browser, a child hub,
    // a timer), and every hub, browser and database in the tests takes a free port of its own.
    maxWorkers: 2,
    // The demo MPP seeded once for the run, copied into each test hub's folder (tests/fixtures/demoDatabase.ts).
    globalSetup: ['tests/fixtures/demoDatabaseSetup.ts'],
  },
});
