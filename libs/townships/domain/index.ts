/** The townships slice's pure public face for other slices: its events and their guard. */
export { TOWNSHIP_STREAM_PREFIX, isTownshipEvent, type TownshipEvent } from './events.js';
