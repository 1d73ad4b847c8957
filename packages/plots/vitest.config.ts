import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@hlm/plots', include: ['test/**/*.test.ts'] },
});
