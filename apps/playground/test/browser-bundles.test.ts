import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from './browser-bundle.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every published package (test-utils is private and test-only; apps/election is a Node program), and the `hlm`
 * command's library entry, which says it is browser-safe for apps such as this one.
 */
const PACKAGES = ['@hlm/sparse', '@hlm/likelihood', '@hlm/latent', '@hlm/design', '@hlm/inla', '@hlm/criteria', '@hlm/plots', '@hlm/cli'];

const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

describe('every package bundles for the browser with no Node built-in', () => {
  const sizes: string[] = [];

  it.each(PACKAGES)('%s', async (name) => {
    const bundle = await bundleForBrowser(ROOT, `export * from '${name}';`);
    sizes.push(`${name.padEnd(16)} ${kB(bundle.bytes).padStart(9)} minified, ${kB(bundle.gzipBytes).padStart(8)} gzip`);
    expect(bundle.nodeImports, `${name} reaches Node built-ins in a browser bundle`).toEqual([]);
    expect(bundle.gzipBytes).toBeGreaterThan(0);
  });

  it('prints the sizes', () => {
    console.log(`browser bundles (each package alone, every export kept):\n${sizes.join('\n')}`);
    expect(sizes).toHaveLength(PACKAGES.length);
  });

  it('catches a Node built-in, with or without the node: prefix', async () => {
    const bundle = await bundleForBrowser(ROOT, "import { readFileSync } from 'node:fs'; import { join } from 'path'; export const f = () => readFileSync(join('a', 'b'));");
    expect(bundle.nodeImports.map((s) => s.split(' ')[0]).sort()).toEqual(['node:fs', 'path']);
  });

  it('catches a CommonJS require of a Node built-in', async () => {
    const bundle = await bundleForBrowser(ROOT, "const os = require('os'); export const cores = () => os.cpus().length;");
    expect(bundle.nodeImports.map((s) => s.split(' ')[0])).toEqual(['os']);
  });
});
