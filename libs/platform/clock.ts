import { localDateAt } from '../kernel/index.js';

/** The shell's clock: the only place the ledger reads the time. Tests replace it. */
export abstract class Clock {
  abstract now(): Date;
  abstract today(): string;
}

const MINUTE_MS = 60_000;

/**
 * Every zone's offset changes on a whole minute, so the local date is the same for a whole UTC
 * minute: it is formatted (Intl, costly) once per minute, not on every write.
 */
export class SystemClock extends Clock {
  private minute = Number.NaN;
  private date = '';

  constructor(private readonly timeZone: string) {
    super();
  }
  now(): Date {
    return new Date();
  }
  today(): string {
    const now = this.now();
    const minute = Math.floor(now.getTime() / MINUTE_MS);
    if (minute !== this.minute) {
      this.date = localDateAt(now, this.timeZone);
      this.minute = minute;
    }
    return this.date;
  }
}
