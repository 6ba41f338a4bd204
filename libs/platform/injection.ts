export const EVENT_STORE = Symbol('EventStore');
export const READ_DB = Symbol('ReadDb');
export const LEDGER_CONFIG = Symbol('LedgerConfig');
/** The data directory's one-writer lock (null for read-only tools). */
export const DATA_DIR_LOCK = Symbol('DATA_DIR_LOCK');
