import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@hlm/criteria', include: ['test/**/*.test.ts'] },
});
