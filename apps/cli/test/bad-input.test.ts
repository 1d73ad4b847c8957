import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** The built binary (turbo builds it before the tests). */
const hlm = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hlm-bad-'));
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const good = file('good.csv', 'y,n,x,g,c,e\n1,2,0.5,a,u,1\n0,2,1.5,b,u,2\n2,3,2.5,c,v,1\n1,1,3.5,a,v,3\n0,2,4.5,b,u,1\n1,2,5.5,c,v,2\n');
const formula = 'y ~ x + f(g, model = "iid")';
const base = [good, '--formula', formula, '--ntrials', 'n'];
file('folder-not-file', '');
mkdirSync(join(dir, 'a-folder'));
const aFile = file('a-file', 'x');

interface Case {
  label: string;
  args: string[];
  code: 1 | 2;
  message: RegExp;
  /** A formula error prints the formula and a caret under the fault after the message. */
  pointer?: boolean;
  /** Leave out the --out folder the test adds otherwise (to check that nothing is left in it). */
  noOut?: boolean;
}

const csv = (name: string, text: string | Uint8Array): string => file(name, text);
const cases: Case[] = [
  // usage
  { label: 'unknown command', args: ['fitt'], code: 2, message: /unknown command 'fitt'/ },
  { label: 'no data file', args: ['fit', '--formula', formula], code: 2, message: /needs a data file/ },
  { label: 'two data files', args: ['fit', good, good, '--formula', formula], code: 2, message: /takes one data file, got 2/ },
  { label: 'no formula', args: ['fit', good], code: 2, message: /needs --formula/ },
  { label: 'empty formula', args: ['fit', good, '--formula', ' '], code: 2, message: /--formula needs a value/ },
  { label: 'unknown family', args: ['fit', ...base.slice(0, 3), '--family', 'weibull'], code: 2, message: /--family must be one of binomial, .*poisson.*; got 'weibull'/ },
  { label: '--ntrials with poisson', args: [...['fit', ...base], '--family', 'poisson'], code: 2, message: /--ntrials is for the binomial family, not poisson/ },
  { label: '--E with binomial', args: ['fit', ...base, '--E', 'e'], code: 2, message: /--E \(exposure\) is for the .*poisson famil.*, not binomial/ },
  { label: 'unknown strategy', args: ['fit', ...base, '--strategy', 'fast'], code: 2, message: /--strategy must be one of auto, gaussian/ },
  { label: 'unknown integration strategy', args: ['fit', ...base, '--int-strategy', 'mc'], code: 2, message: /--int-strategy must be one of auto, grid, ccd, eb; got 'mc'/ },
  { label: 'zero samples', args: ['fit', ...base, '--samples', '0', '--out', join(dir, 'o1')], code: 2, message: /--samples must be a whole number from 1/ },
  { label: 'fractional samples', args: ['fit', ...base, '--samples', '1.5', '--out', join(dir, 'o2')], code: 2, message: /--samples must be a whole number/ },
  { label: 'samples without --out', args: ['fit', ...base, '--samples', '10'], code: 2, message: /give --out DIR as well/, noOut: true },
  { label: 'unknown flag', args: ['fit', ...base, '--bogus'], code: 2, message: /Unknown option '--bogus'/ },
  { label: 'flag without value', args: ['fit', good, '--formula'], code: 2, message: /--formula/ },
  { label: '--scale with binomial', args: ['fit', ...base, '--scale', 'x'], code: 2, message: /--scale is for the gaussian family, not binomial/ },
  { label: 'empty categorical name', args: ['fit', ...base, '--categorical', 'g,,c'], code: 2, message: /--categorical takes column names separated by commas/ },
  { label: 'missing data file', args: ['fit', join(dir, 'nope.csv'), '--formula', formula], code: 2, message: /cannot read the data file '.*nope\.csv': no such file/ },
  { label: 'data file is a folder', args: ['fit', join(dir, 'a-folder'), '--formula', formula], code: 2, message: /cannot read the data file '.*a-folder': it is a folder/ },
  { label: 'missing control file', args: ['fit', ...base, '--control', join(dir, 'nope.json')], code: 2, message: /cannot read the control file/ },
  { label: 'control file not JSON', args: ['fit', ...base, '--control', file('bad.json', '{compute: 1}')], code: 2, message: /the control file '.*bad\.json' is not valid JSON/ },
  { label: 'control file an array', args: ['fit', ...base, '--control', file('array.json', '[1]')], code: 2, message: /must hold a JSON object/ },
  { label: 'control section misspelt', args: ['fit', ...base, '--control', file('typo.json', '{"comptue": {"dic": true}}')], code: 2, message: /control\.comptue is not supported; control takes: compute, fixed, inla, family, predictor/ },
  { label: 'unknown control.inla option', args: ['fit', ...base, '--control', file('inla.json', '{"inla": {"strategyy": "laplace"}}')], code: 2, message: /control\.inla: unknown option 'strategyy'/ },
  { label: 'missing graph file', args: ['fit', ...base, '--graph', join(dir, 'nope.graph')], code: 2, message: /cannot read the graph file/ },
  { label: 'graph without a term that needs one', args: ['fit', ...base, '--graph', aFile], code: 2, message: /a graph was given but no f\(\) term of the formula needs one/ },
  { label: '--out is a file', args: ['fit', ...base, '--out', aFile], code: 2, message: /--out '.*a-file' is a file; expected a folder/ },
  { label: '--json is a folder', args: ['fit', ...base, '--json', join(dir, 'a-folder')], code: 2, message: /--json '.*a-folder' is a folder; expected a file name/ },
  { label: '--out inside a file', args: ['fit', ...base, '--out', join(aFile, 'sub')], code: 2, message: /is a file, not a folder/ },
  // data
  { label: 'empty file', args: ['fit', csv('empty.csv', ''), '--formula', formula], code: 2, message: /the file is empty/ },
  { label: 'header only', args: ['fit', csv('header.csv', 'y,x,g\n'), '--formula', formula], code: 2, message: /header \(y, x, g\) but no rows of data/ },
  { label: 'duplicate header', args: ['fit', csv('dup.csv', 'y,x,x\n1,2,3\n'), '--formula', 'y ~ x'], code: 2, message: /names column 'x' twice \(columns 2 and 3\)/ },
  { label: 'empty header name', args: ['fit', csv('nohead.csv', 'y,,g\n1,2,a\n'), '--formula', 'y ~ 1'], code: 2, message: /column 2 of the header has no name/ },
  { label: 'bad numeric cell', args: ['fit', csv('cell.csv', 'y,x\n1,2\n0,2.5.1\n'), '--formula', 'y ~ x'], code: 2, message: /column 'x' is numeric but row 2 \(line 3\) holds '2\.5\.1'/ },
  { label: 'Latin-1 text', args: ['fit', csv('latin1.csv', Uint8Array.from([...Buffer.from('y,g\n1,M'), 0xfc, ...Buffer.from('nchen\n')])), '--formula', 'y ~ 1'], code: 2, message: /not UTF-8: byte 0xFC at line 2/ },
  { label: 'ragged row', args: ['fit', csv('ragged.csv', 'y,x\n1,2\n0\n'), '--formula', 'y ~ x'], code: 2, message: /not valid CSV \(line 3\)/ },
  { label: 'unclosed quote', args: ['fit', csv('quote.csv', 'y,x\n1,"2\n'), '--formula', 'y ~ x'], code: 2, message: /not valid CSV/ },
  { label: 'unknown categorical column', args: ['fit', ...base, '--categorical', 'zz'], code: 2, message: /unknown column 'zz' \(listed as categorical\)/ },
  { label: 'unknown column in the formula', args: ['fit', good, '--formula', 'y ~ xx', '--ntrials', 'n'], code: 2, message: /unknown column 'xx'.*available columns: y, n, x, g, c, e/ },
  { label: 'unknown Ntrials column', args: ['fit', good, '--formula', formula, '--ntrials', 'N'], code: 2, message: /unknown column 'N'/ },
  { label: 'response not an integer', args: ['fit', csv('frac.csv', 'y,x\n0.5,1\n1,2\n0,3\n'), '--formula', 'y ~ x'], code: 2, message: /the response 'y' is 0\.5 at row 1; expected an integer count/ },
  { label: 'response above Ntrials', args: ['fit', csv('above.csv', 'y,x,n\n3,1,2\n1,2,2\n0,3,2\n'), '--formula', 'y ~ x', '--ntrials', 'n'], code: 2, message: /the response at row 1 is 3; expected at most Ntrials = 2/ },
  { label: 'negative response', args: ['fit', csv('neg.csv', 'y,x\n-1,1\n1,2\n0,3\n'), '--formula', 'y ~ x'], code: 2, message: /the response 'y' is -1 at row 1/ },
  { label: 'negative Ntrials', args: ['fit', csv('negn.csv', 'y,x,n\n0,1,-2\n1,2,2\n0,3,2\n'), '--formula', 'y ~ x', '--ntrials', 'n'], code: 2, message: /Ntrials at row 1 is -2; expected a whole number of trials/ },
  { label: 'missing covariate', args: ['fit', csv('nax.csv', 'y,x\n1,1\n0,NA\n1,3\n'), '--formula', 'y ~ x'], code: 2, message: /column 'x' has a missing or non-finite value at row 2/ },
  { label: 'single-level factor', args: ['fit', csv('single.csv', 'y,x,g\n1,1,a\n0,2,a\n1,3,a\n'), '--formula', 'y ~ x + g'], code: 2, message: /categorical fixed effect 'g' has a single level \('a'\)/ },
  { label: 'collinear covariates', args: ['fit', csv('col.csv', 'y,x,z\n1,1,2\n0,2,4\n1,3,6\n0,4,8\n'), '--formula', 'y ~ x + z'], code: 2, message: /the fixed effects are collinear: 'z' is a linear combination of 'x'/ },
  { label: 'poisson exposure not positive', args: ['fit', csv('e0.csv', 'y,x,e\n1,1,0\n0,2,1\n1,3,2\n'), '--formula', 'y ~ x', '--family', 'poisson', '--E', 'e'], code: 2, message: /poisson: E at row 1 is 0; expected a finite exposure > 0/ },
  { label: 'log of zero', args: ['fit', csv('log0.csv', 'y,x\n1,0\n0,2\n1,3\n'), '--formula', 'y ~ log(x)'], code: 2, message: /the term 'log\(x\)' is -Infinity at row 1 \(x = 0\)/ },
  { label: 'unknown latent model', args: ['fit', good, '--formula', 'y ~ x + f(g, model = "iidd")', '--ntrials', 'n'], code: 2, message: /iidd/ },
  // numerical failure
  { label: 'no finite mode (a response 0 in every row, flat intercept prior)', args: ['fit', csv('zeros.csv', 'y,x\n0,1\n0,2\n0,3\n0,4\n'), '--formula', 'y ~ x'], code: 1, message: /the conditional mode did not converge.*give it a proper prior, e\.g\. --control FILE\.json holding \{"fixed": \{"prec\.intercept": 0\.001\}\}$/ },
  // formula
  { label: 'formula ends too soon', args: ['fit', good, '--formula', 'y ~ x +'], code: 2, message: /formula 'y ~ x \+': at position 8, expected a term/, pointer: true },
  { label: 'unsupported function', args: ['fit', good, '--formula', 'y ~ ns(x, 3)'], code: 2, message: /the function ns\(\) is not supported/, pointer: true },
  { label: 'no tilde', args: ['fit', good, '--formula', 'y x'], code: 2, message: /at position 3, expected '~'/, pointer: true },
  { label: 'f() without a model', args: ['fit', good, '--formula', 'y ~ f(g)'], code: 2, message: /model = "\.\.\." in f\(g, \.\.\.\)/, pointer: true },
];

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [hlm, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What the output folder's parent holds besides the files this test wrote: staging folders would show here. */
const leftovers = (): string[] => readdirSync(dir).filter((name) => name.startsWith('.hlm-') || name.startsWith('o'));

describe('hlm refuses bad input with one line and the right exit code', () => {
  afterAll(() => {
    expect(leftovers()).toEqual([]);
  });
  it(`covers at least 40 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(40));
  for (const c of cases) {
    it(c.label, () => {
      const out = join(dir, 'out-folder');
      const args = c.noOut || c.args.includes('--out') || c.args[0] !== 'fit' ? c.args : [...c.args, '--out', out];
      const { status, stderr, stdout } = run(args);
      expect(status, stderr).toBe(c.code);
      const lines = stderr.trimEnd().split('\n');
      expect(lines.length, stderr).toBe(c.pointer ? 3 : 1);
      expect(lines[0]).toMatch(/^hlm: error: /);
      expect(lines[0]).toMatch(c.message);
      if (c.pointer) expect(lines[2]).toMatch(/^ *\^$/);
      expect(stderr + stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(existsSync(out), 'the output folder was created').toBe(false);
      expect(leftovers()).toEqual([]);
    });
  }
});
