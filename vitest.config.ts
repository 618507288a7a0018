import { defineConfig } from 'vitest/config';

// Unit and integration tests sit next to the code (*.test.ts); end-to-end tests have their own config.
export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'test/integration/**/*.test.ts',
      'test/bench/**/*.test.ts',
    ],
    environment: 'node',
    setupFiles: ['test/setup/regExpMatches.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
