import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@hlm/inla', include: ['test/**/*.test.ts'] },
});
