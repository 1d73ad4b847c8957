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

  /** Clears the progress line. */
  done(): void {
    if (this.active) this.stream.write('\r\x1b[2K');
  }
}
