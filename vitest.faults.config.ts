import { defineConfig } from 'vitest/config';

// Fault drills: slow, process-killing tests kept out of `npm test`, run by `npm run test:faults`.
// One file at a time, because each drill loads the 2-core machine on purpose.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/setup/global-db.ts'],
    setupFiles: ['test/setup/per-file-db.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
