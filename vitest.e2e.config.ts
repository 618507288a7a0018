import { defineConfig } from 'vitest/config';

// End-to-end: the built app served by the headless shell, driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    setupFiles: ['test/setup/regExpMatches.ts'],
    globalSetup: ['test/e2e/support/runTempFolder.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A window drawing a run or a canvas may take more than vitest's 1 s on a busy machine.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
