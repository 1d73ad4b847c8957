import { defineConfig } from 'vitest/config';

export default defineConfig({
  // whole model fits run in some tests; on a loaded 2-core machine they need more than vitest's default 5 s
  test: { name: '@hlm/design', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
