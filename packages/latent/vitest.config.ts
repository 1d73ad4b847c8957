import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@hlm/latent', include: ['test/**/*.test.ts'] },
});
