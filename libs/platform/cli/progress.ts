/** A one-line progress bar on stderr for long CLI work (exports, verify, rebuild); silent when not a TTY. */
export class ProgressBar {
  private lastDrawn = 0;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
    private readonly width = 30,
  ) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (done < total && now - this.lastDrawn < 100) return;
    this.lastDrawn = now;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(share * this.width);
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${done}/${total} ${(share * 100).toFixed(0)}%`;
    if (this.stream.isTTY) this.stream.write(`\r${line}`);
    else if (done >= total) this.stream.write(`${line}\n`);
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
