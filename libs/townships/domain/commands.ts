import type { Post } from './events.js';

/** Amounts are CNY decimal strings: the shell takes Money objects and refuses other currencies. */
export type TownshipCommand =
  | { type: 'AppointOfficial'; unitId: string; officialId: string; name: string; post: Post; from: string }
  | { type: 'RecordDeparture'; unitId: string; officialId: string; post: Post; on: string }
  | { type: 'SetAnnualTarget'; unitId: string; year: number; target: string }
  | {
      type: 'CloseYear';
      unitId: string;
      year: number;
      closedOn: string;
      revises: boolean;
      reason: string | null;
      /** Funding arrived in the year, computed by the shell from the read model; the closing freezes it. */
      actual: string;
    };
