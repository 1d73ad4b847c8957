import type { FitProgress } from '@hlm/inla';

/**
 * Progress on stderr: one line rewritten in place when stderr is a terminal, nothing otherwise or with --quiet
 * (so that piped stderr holds only warnings and errors).
 * @module
 */
export class Progress {
  private readonly active: boolean;
  private readonly start = Date.now();
  private step = 0;

  constructor(quiet: boolean, stream: NodeJS.WriteStream = process.stderr) {
    this.active = !quiet && stream.isTTY === true;
    this.stream = stream;
  }
  private readonly stream: NodeJS.WriteStream;

  /** Shows the stage now under way, with the time since the start. */
  stage(text: string): void {
    if (!this.active) return;
    this.step++;
    const seconds = ((Date.now() - this.start) / 1000).toFixed(1);
    this.stream.write(`\r\x1b[2K[${this.step}] ${text} … ${seconds} s`);
  }

  /** Shows where the fit is: evaluations of π̃(θ | y) in the mode search, then a bar over the integration points and their marginals. */
  fit(event: FitProgress): void {
    if (!this.active) return;
    const seconds = ((Date.now() - this.start) / 1000).toFixed(1);
    let text: string;
    if (event.total === undefined) {
      text = `mode of the hyperparameters: ${event.done} evaluations of π(θ | y)`;
    } else {
      const width = 24;
      const filled = Math.round((width * event.done) / event.total);
      const what = event.stage === 'integration' ? 'integration points' : 'marginals';
      text = `${what} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${event.done}/${event.total}`;
    }
    this.stream.write(`\r\x1b[2K[${this.step}] ${text} … ${seconds} s`);
  }

  /** Clears the progress line. */
  done(): void {
    if (this.active) this.stream.write('\r\x1b[2K');
  }
}
