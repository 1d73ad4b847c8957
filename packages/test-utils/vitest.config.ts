import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@hlm/test-utils', include: ['test/**/*.test.ts'] },
});
