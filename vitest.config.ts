// One Vitest run over every workspace; browser-only code is tested in e2e/ with Playwright instead.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', root: './core', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      {
        test: {
          name: 'sync-server',
          root: './sync-server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // Storage tests talk to real PostgreSQL/Redis; several files at once would fight over one database.
          fileParallelism: false,
          testTimeout: 30_000,
        },
      },
      { test: { name: 'models', root: './models', include: ['scripts/**/*.test.ts', 'src/**/*.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'web', root: './web', include: ['src/**/*.test.ts'], environment: 'node' } },
      // Web client code against the real server routes, in one process (no socket, no browser).
      { test: { name: 'contract', root: '.', include: ['contract/**/*.test.ts'], fileParallelism: false, testTimeout: 30_000 } },
    ],
  },
});
