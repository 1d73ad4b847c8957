import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@hlm/likelihood', include: ['test/**/*.test.ts'] },
});
