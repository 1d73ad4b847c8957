import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@hlm/design', include: ['test/**/*.test.ts'] },
});
