import { defineConfig } from 'vitest/config';

// One embedded Postgres per `vitest run` (testkit/global-setup.ts); each test file makes its own database on it.
export default defineConfig({
  test: {
    globalSetup: ['./testkit/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['ai-pipeline/**/*.test.ts', 'enrichment-service/**/*.test.ts', 'scripts/**/*.test.ts', 'testkit/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', '**/*.faults.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['**/*.faults.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 240_000,
        },
      },
    ],
  },
});
