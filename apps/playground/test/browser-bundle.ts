import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build, type Plugin, type Rollup } from 'vite';

/** The export conditions a browser bundler uses here: the workspace's TypeScript sources, then `browser`. */
export const BROWSER_CONDITIONS = ['@hlm/source', 'browser', 'module', 'import', 'default'];

const NODE_BUILTINS = new Set(builtinModules);

/** True for `node:fs`, `fs`, `fs/promises` and every other Node built-in module specifier. */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]!);
}

/** A bundle of one module for the browser: the Node built-ins its import graph reached, and its size. */
export interface BrowserBundle {
  /** `specifier ← importer` for every import of a Node built-in. */
  nodeImports: string[];
  bytes: number;
  gzipBytes: number;
}

/**
 * Bundles `source` (an ES module's text, e.g. `export * from '@hlm/inla'`) for the browser with Vite, minified,
 * resolving packages from `root`. Every export is kept, so the size is the whole package's.
 */
export async function bundleForBrowser(root: string, source: string): Promise<BrowserBundle> {
  const nodeImports: string[] = [];
  const entry = '\0browser-bundle-entry';
  const plugin: Plugin = {
    name: 'browser-bundle-entry',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id.endsWith('browser-bundle-entry')) return entry; // lib mode hands the entry over as a path under root
      if (isNodeBuiltin(id)) nodeImports.push(`${id} ← ${importer ?? '?'}`);
      return null;
    },
    load(id) {
      return id === entry ? source : null;
    },
  };
  const output = (await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [plugin],
    resolve: { conditions: BROWSER_CONDITIONS },
    build: {
      write: false,
      minify: true,
      lib: { entry: 'browser-bundle-entry', formats: ['es'], fileName: 'bundle' },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
  const code = chunks.map((c) => c.code).join('\n');
  return { nodeImports, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}
