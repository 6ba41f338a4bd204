import type { Post } from './events.js';

/** One official's time in one post; `to` is the last day in office, null while they hold it. */
export interface Tenure {
  officialId: string;
  name: string;
  post: Post;
  from: string;
  to: string | null;
}

/** A year closing as it stands (the latest one for its year). */
export interface Closing {
  year: number;
  closedOn: string;
  target: string;
  actual: string;
  met: boolean;
}

export interface TownshipState {
  /** In the order they were recorded. */
  tenures: Tenure[];
  /** The current target per year; a closing copies it, later changes never reach a closing. */
  targets: Record<number, string>;
  /** Standing closings, ascending by year. */
  closings: Closing[];
}

export const EMPTY_TOWNSHIP: TownshipState = { tenures: [], targets: {}, closings: [] };
