/**
 * The township stream's events (DOMAIN.md "Township targets and three-year promotion bans"). One
 * stream per township, `township-<unitId>`. Exits and bans are not stored: projections derive them
 * from the standing closings and the officials' tenures, so a revised closing or a late-recorded
 * appointment moves every ban with it.
 */
import { narrow } from '../../event-store/narrow.js';

export const POSTS = ['party_secretary', 'township_head'] as const;
export type Post = (typeof POSTS)[number];

export type TownshipEvent =
  | { type: 'OfficialAppointed'; data: { officialId: string; name: string; unitId: string; post: Post; from: string } }
  /** `on` is the last day in office (see rules.ts, headsOn). */
  | { type: 'OfficialDeparted'; data: { officialId: string; unitId: string; post: Post; on: string } }
  /** `target`: CNY of funding arrived, decimal string. */
  | { type: 'AnnualTargetSet'; data: { unitId: string; year: number; target: string } }
  | {
      type: 'YearClosed';
      data: {
        unitId: string;
        year: number;
        closedOn: string;
        /** Frozen at closing: later targets and funding never change them. */
        target: string;
        actual: string;
        met: boolean;
        revises: boolean;
        reason: string | null;
      };
    };

export type TownshipEventType = TownshipEvent['type'];

export const TOWNSHIP_EVENT_TYPES: readonly TownshipEventType[] = ['OfficialAppointed', 'OfficialDeparted', 'AnnualTargetSet', 'YearClosed'];
/** A stored event of a township stream, typed as its TownshipEvent. */
export const isTownshipEvent = narrow<TownshipEvent>(TOWNSHIP_EVENT_TYPES);

export const TOWNSHIP_STREAM_PREFIX = 'township-';
export const townshipStreamId = (unitId: string): string => `${TOWNSHIP_STREAM_PREFIX}${unitId}`;

/** The business date an event is recorded under; a target has none of its own and takes the day it was set. */
export function businessDateOf(event: TownshipEvent, today: string): string {
  switch (event.type) {
    case 'OfficialAppointed':
      return event.data.from;
    case 'OfficialDeparted':
      return event.data.on;
    case 'AnnualTargetSet':
      return today;
    case 'YearClosed':
      return event.data.closedOn;
  }
}
