/**
 * `npm run test:electron`: the Electron smoke tests on their own. Not the root config's globalSetup:
 * it seeds a demo database with better-sqlite3 under Node, and before these tests better-sqlite3 is
 * rebuilt for Electron (npx electron-builder install-app-deps), which Node cannot load.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The repository's root, wherever vitest is started from.
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/electron/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One app at a time: each opens windows on the same (virtual) display.
    maxWorkers: 1,
  },
});
