import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { serviceWorkerSource } from './build/service-worker.js';
import { distSizes, sizeReport } from './build/sizes.js';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));

/** Writes sw.js listing every file the build emitted (the page's worker included). */
function serviceWorker(): Plugin {
  return {
    name: 'hlm-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      const version = createHash('sha256').update(files.sort().join('\n')).digest('hex').slice(0, 12);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(files, version) });
    },
  };
}

/** Prints every file's size and the totals against the budget once dist/ is written. */
function sizes(): Plugin {
  return {
    name: 'hlm-sizes',
    apply: 'build',
    closeBundle() {
      console.log(sizeReport(distSizes(DIST)));
    },
  };
}

export default defineConfig({
  // relative URLs, so dist/ can be served from any folder of any static host
  base: './',
  // the workspace's packages from their TypeScript sources, and their browser entries
  resolve: { conditions: ['@hlm/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, reportCompressedSize: false },
  preview: { host: '127.0.0.1', port: 4173 },
  plugins: [serviceWorker(), sizes()],
});
