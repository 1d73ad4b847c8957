import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@hlm/sparse', include: ['test/**/*.test.ts'] },
});
