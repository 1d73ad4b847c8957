import { defineConfig, type UserConfig } from 'vitest/config';

/**
 * The workspace's vitest settings. Sibling packages resolve through their `@hlm/source` export
 * condition, so every test runs against the TypeScript sources of the packages it imports, never a
 * stale `dist/`. Published packages ship `dist/` only; the condition exists for the workspace.
 */
export function hlmVitestConfig(name: string): UserConfig {
  const conditions = ['@hlm/source', 'import', 'module', 'node', 'default'];
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@hlm/source'] } },
    // whole model fits run in some tests; a loaded 2-core machine needs more than vitest's default 5 s
    test: { name, include: ['test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
  });
}
