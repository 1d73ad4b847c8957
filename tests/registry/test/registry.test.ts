/**
 * The release path as a user meets it. Every publishable package is packed by pnpm (which builds it in
 * `prepack` and rewrites `workspace:^` to the sibling's version, as `pnpm publish` does) and published to a
 * verdaccio registry on 127.0.0.1. Then every README example in the repository is run in a fresh folder
 * holding only what `npm install --registry <that registry>` brings for the packages it imports, and its
 * printed output must be the README's ```text block; the packages' types are checked from the same install.
 * The type check uses `tsc --init`'s skipLibCheck: @observablehq/plot's own declarations need the DOM lib and @types/d3.
 * The registry serves `@hlm/*` only from what was published here; third-party packages come through its uplink.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseOutput, readmeExamples, type ReadmeExample } from '../src/readme-examples.js';
import { startRegistry, type LocalRegistry } from '../src/registry.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

function workspaceDirs(group: string): string[] {
  return readdirSync(join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, group, d.name, 'package.json')))
    .map((d) => join(root, group, d.name));
}
const publishable = workspaceDirs('packages').filter((dir) => !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private);
const readmes = [root, ...workspaceDirs('packages'), ...workspaceDirs('apps')]
  .map((dir) => join(dir, 'README.md'))
  .filter((file) => existsSync(file));
const examples: ReadmeExample[] = readmes.flatMap((file) => readmeExamples(relative(root, file), readFileSync(file, 'utf8')));
/** Packages whose published types a TypeScript file in typecheck/ exercises. */
const typeChecked = readdirSync(join(here, '../typecheck')).map((f) => `@hlm/${f.replace(/\.ts$/, '')}`);

/** The environment of a user's shell: none of the npm_* / pnpm settings that `pnpm test` puts in ours. */
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm|pnpm)_/i.test(k) && k !== 'NODE_OPTIONS'));

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, env: userEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

let work = '';
let registry: LocalRegistry | undefined;
let userNpmrc = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'hlm-registry-'));
  registry = await startRegistry(join(work, 'registry'));
  // A user's npm: this registry, and a cache of its own so nothing comes from an earlier install on this machine.
  userNpmrc = join(work, 'user.npmrc');
  writeFileSync(userNpmrc, `registry=${registry.url}/\ncache=${join(work, 'npm-cache')}\naudit=false\nfund=false\nupdate-notifier=false\n`);
  const tarballs = join(work, 'tarballs');
  for (const dir of publishable) {
    const before = new Set(existsSync(tarballs) ? readdirSync(tarballs) : []);
    // dist/ is built already (turbo's dependsOn); prepack's own build would rewrite dist/ while other packages'
    // tests run it, so pack without scripts here
    run('pnpm', ['pack', '--ignore-scripts', '--pack-destination', tarballs], dir);
    const tarball = readdirSync(tarballs).find((f) => !before.has(f));
    if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${dir}`);
    run('npm', ['publish', join(tarballs, tarball), '--userconfig', registry.npmrc, '--registry', registry.url], work);
  }
});

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const installs = new Map<string, string>();
/**
 * A fresh folder with `npm install <packages>` from the local registry, as a new user would make it; examples
 * and type checks that import the same packages share one such folder.
 */
function install(packages: string[]): string {
  const key = [...packages].sort().join(' ');
  const existing = installs.get(key);
  if (existing) return existing;
  const folder = mkdtempSync(join(work, `${key.replace(/\W+/g, '-')}-`));
  installs.set(key, folder);
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'hlm-user', private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--userconfig', userNpmrc, '--registry', registry!.url, '--prefer-offline', ...packages], folder);
  return folder;
}

describe('the local registry', () => {
  it('holds every publishable package, with workspace ranges rewritten to versions', () => {
    expect(publishable.length).toBeGreaterThanOrEqual(7);
    for (const dir of publishable) {
      const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
      const view = run('npm', ['view', `${name}@${version}`, '--json', '--userconfig', userNpmrc, '--registry', registry!.url], work);
      const published = JSON.parse(view) as { version: string; license: string; dependencies?: Record<string, string> };
      expect(published.version, name).toBe(version);
      expect(published.license, name).toBe('MIT');
      for (const [dep, range] of Object.entries(published.dependencies ?? {})) expect(range, `${name} → ${dep}`).not.toMatch(/^workspace:/);
    }
  });
});

describe.each(examples.map((e) => [`${e.readme}:${e.line}`, e] as const))('README example %s', (_, example) => {
  it('prints what the README shows, installed alone from the local registry', () => {
    expect(example.packages.length, 'an example imports at least one @hlm package').toBeGreaterThan(0);
    const folder = install(example.packages);
    // Files the example reads (the repository's data sets) are laid beside it, as a user running it from a checkout has them.
    for (const file of example.files) {
      mkdirSync(dirname(join(folder, file)), { recursive: true });
      cpSync(join(root, file), join(folder, file));
    }
    writeFileSync(join(folder, 'example.mjs'), example.code);
    const printed = run(process.execPath, ['example.mjs'], folder);
    expect(normaliseOutput(printed)).toBe(normaliseOutput(example.expectedOutput));
  });
});

describe.each(typeChecked)('%s', (name) => {
  it('type-checks a TypeScript file that uses it, installed alone from the local registry', () => {
    const source = readFileSync(join(here, '../typecheck', `${name.replace('@hlm/', '')}.ts`), 'utf8');
    const imports = [...new Set(Array.from(source.matchAll(/from '(@hlm\/[a-z-]+)'/g), (m) => m[1]!))];
    const folder = install(imports);
    writeFileSync(join(folder, 'check.ts'), source);
    writeFileSync(
      join(folder, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, skipLibCheck: true, target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, types: [] },
        files: ['check.ts'],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], folder);
  });
});
