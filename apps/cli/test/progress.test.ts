import { describe, expect, it } from 'vitest';
import { Progress } from '../src/progress.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(chunk: string) {
    s.text += chunk;
    return true;
  } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress on stderr', () => {
  it('draws a line rewritten in place on a terminal: stages, the mode search, a bar over the integration points', () => {
    const tty = stream(true);
    const progress = new Progress(false, tty);
    progress.stage('fitting');
    progress.fit({ stage: 'mode', done: 7 });
    progress.fit({ stage: 'integration', done: 3, total: 12 });
    progress.done();
    expect(tty.text).toMatch(/\r\x1b\[2K\[1\] fitting … \d+\.\d s/);
    expect(tty.text).toContain('mode of the hyperparameters: 7 evaluations of π(θ | y)');
    expect(tty.text).toContain('integration points [######..................] 3/12');
    expect(tty.text.endsWith('\r\x1b[2K')).toBe(true);
  });
  it('is silent when stderr is not a terminal, and with --quiet', () => {
    for (const [quiet, isTTY] of [[false, false], [true, true]] as const) {
      const s = stream(isTTY);
      const progress = new Progress(quiet, s);
      progress.stage('fitting');
      progress.fit({ stage: 'integration', done: 1, total: 2 });
      progress.done();
      expect(s.text).toBe('');
    }
  });
});
