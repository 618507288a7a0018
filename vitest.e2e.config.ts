import { defineConfig } from 'vitest/config';

// End-to-end: the built app served by the headless shell, driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
