import { localDateAt } from '../kernel/index.js';

/** The shell's clock: the only place the ledger reads the time. Tests replace it. */
export abstract class Clock {
  abstract now(): Date;
  abstract today(): string;
}

export class SystemClock extends Clock {
  constructor(private readonly timeZone: string) {
    super();
  }
  now(): Date {
    return new Date();
  }
  today(): string {
    return localDateAt(this.now(), this.timeZone);
  }
}
