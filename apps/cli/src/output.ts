/**
 * Output folders written whole or not at all: files go to a temporary folder made before the fit (which proves the
 * place is writable) and are renamed into place at the end; on failure the temporary folder is removed.
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './args.js';

/** The nearest folder at or above `path` that exists. */
function nearestExisting(path: string): string {
  let at = path;
  while (!existsSync(at)) {
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  return at;
}

function makeTemporary(near: string, what: string, flag: string): string {
  const parent = nearestExisting(near);
  if (!statSync(parent).isDirectory()) throw new UsageError(`${flag} '${what}': '${parent}' is a file, not a folder`);
  try {
    return mkdtempSync(join(parent, `.hlm-${basename(what)}-`));
  } catch (error) {
    throw new UsageError(`${flag} '${what}' cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} in '${parent}'`);
  }
}

/** An output folder being written: files land in `staging` until `commit()` moves them to `target`. */
export class StagedFolder {
  readonly target: string;
  readonly staging: string;
  private done = false;

  /** Checks `path` (an existing folder, or a place where one can be made) and makes the staging folder beside it. */
  constructor(path: string) {
    this.target = resolve(path);
    if (existsSync(this.target) && !statSync(this.target).isDirectory()) throw new UsageError(`--out '${path}' is a file; expected a folder`);
    this.staging = makeTemporary(dirname(this.target), path, '--out');
  }

  write(name: string, content: string | Uint8Array): string {
    writeFileSync(join(this.staging, name), content);
    return join(this.target, name);
  }

  /** Moves every staged file into the target folder (each rename is atomic) and removes the staging folder. */
  commit(): void {
    mkdirSync(this.target, { recursive: true });
    for (const name of readdirSync(this.staging)) renameSync(join(this.staging, name), join(this.target, name));
    rmSync(this.staging, { recursive: true, force: true });
    this.done = true;
  }

  /** Removes the staging folder and what it holds, unless committed. */
  discard(): void {
    if (!this.done) rmSync(this.staging, { recursive: true, force: true });
  }
}

/** A single file written atomically: checked (and a staging folder made) before, renamed into place by `commit(content)`. */
export class StagedFile {
  readonly target: string;
  private readonly staging: string;

  constructor(path: string, flag: string) {
    this.target = resolve(path);
    if (existsSync(this.target) && statSync(this.target).isDirectory()) throw new UsageError(`${flag} '${path}' is a folder; expected a file name`);
    this.staging = makeTemporary(dirname(this.target), path, flag);
  }

  commit(content: string): void {
    const file = join(this.staging, basename(this.target));
    writeFileSync(file, content);
    mkdirSync(dirname(this.target), { recursive: true });
    renameSync(file, this.target);
    rmSync(this.staging, { recursive: true, force: true });
  }

  discard(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}
