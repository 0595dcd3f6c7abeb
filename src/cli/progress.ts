/**
 * Progress for long work: a redrawn bar on a terminal, plain lines (every 10%
 * or so) when the output is a file or a pipe, so logs stay readable.
 */
export class Progress {
  private done = 0;
  private lastLine = -1;
  private readonly tty: boolean;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  tick(n = 1): void {
    this.done += n;
    if (this.tty) {
      this.draw();
    } else {
      const step = Math.max(1, Math.ceil(this.total / 10));
      const bucket = Math.floor(this.done / step);
      if (bucket !== this.lastLine || this.done === this.total) {
        this.lastLine = bucket;
        this.out.write(`${this.label}: ${this.done}/${this.total}\n`);
      }
    }
  }

  finish(): void {
    if (this.tty) {
      this.draw();
      this.out.write('\n');
    }
  }

  private draw(): void {
    const width = 30;
    const ratio = this.total === 0 ? 1 : Math.min(1, this.done / this.total);
    const filled = Math.round(ratio * width);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.out.write(
      `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ${Math.round(ratio * 100)}% ${seconds}s`,
    );
  }
}
