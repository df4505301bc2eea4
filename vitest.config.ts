import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Unit tests (*.test.ts) and integration tests against real DuckDB files (*.int.test.ts), beside the code.
export default defineConfig({
  resolve: {
    alias: {
      '@': here('.'),
      // `server-only` is a build-time marker that throws outside React's server bundle; route handlers
      // run under Node here, which is what the marker guards for.
      'server-only': here('node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['{lib,app,components}/**/__tests__/**/*.test.ts'],
    environment: 'node',
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
