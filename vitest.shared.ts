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
    // No test's outcome depends on the wall clock: whole model fits take seconds on an idle machine and minutes
    // on a loaded one, so tests and hooks have no timeout (0); a run that hangs is ended by CI's own time limit.
    test: { name, include: ['test/**/*.test.ts'], testTimeout: 0, hookTimeout: 0 },
  });
}
