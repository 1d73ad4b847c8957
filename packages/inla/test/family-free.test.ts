/**
 * The engine knows no family by name: every family is a plug-in from `@hlm/likelihood`'s registry. This reads the
 * engine's sources and fails if one names a family. "Gaussian" is also mathematics here (the Gaussian
 * approximation, Gaussian mixtures) and `'gaussian'` is one of R-INLA's latent strategies, so for that name the check
 * looks for the family's own spellings: the lowercase word in code, or "Gaussian" followed by a word that only the
 * family has (family, observations, likelihood, precision, response).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { families } from '@hlm/likelihood';
import { describe, expect, it } from 'vitest';

const SOURCE = new URL('../src/', import.meta.url);

/** Lines of `text` naming the family `name`, as "file:line: text". */
function mentions(file: string, text: string, name: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, k) => {
    let hit: boolean;
    if (name === 'gaussian') {
      // the strategy names are R-INLA's control.inla$strategy values, not the family
      const code = /strategy/i.test(line) ? '' : line;
      hit = /(?<![\w-])gaussian(?![\w-])/.test(code) || /\bgaussian\s+(family|observations?|likelihood|precision|response)\b/i.test(line);
    } else {
      hit = new RegExp(`\\b${name}\\b`, 'i').test(line);
    }
    if (hit) found.push(`${file}:${k + 1}: ${line.trim()}`);
  });
  return found;
}

describe('the engine names no likelihood family', () => {
  it('no source file of @hlm/inla mentions a registered family, nor compares a family name', () => {
    const files = readdirSync(SOURCE).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const names = [...families.keys()];
    expect(names).toEqual(expect.arrayContaining(['binomial', 'gaussian', 'poisson']));
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(new URL(file, SOURCE), 'utf8');
      for (const name of names) found.push(...mentions(file, text, name));
      if (/family(\.name)?\s*[!=]==?\s*['"]/.test(text)) found.push(`${file}: compares a family name`);
    }
    expect(found).toEqual([]);
  });

  it('would catch a family named in the source (the check itself)', () => {
    expect(mentions('x.ts', "if (family === 'poisson') return;", 'poisson')).toHaveLength(1);
    expect(mentions('x.ts', '// the Gaussian precision exp(θ)', 'gaussian')).toHaveLength(1);
    expect(mentions('x.ts', "const f = getFamily('gaussian');", 'gaussian')).toHaveLength(1);
    expect(mentions('x.ts', 'the Gaussian approximation π_G(x | θ, y)', 'gaussian')).toHaveLength(0);
  });
});
