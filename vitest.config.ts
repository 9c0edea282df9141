import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // TF.js backends are process-global; one worker per file keeps them isolated, two at a time fits 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
