import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@hlm/election', include: ['test/**/*.test.ts'] },
});
