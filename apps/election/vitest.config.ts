import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the CLI tests run whole fits in a child process; give them room on a loaded 2-core machine
  test: { name: '@hlm/election', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
