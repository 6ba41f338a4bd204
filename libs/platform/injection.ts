export const EVENT_STORE = Symbol('EventStore');
export const READ_DB = Symbol('ReadDb');
export const LEDGER_CONFIG = Symbol('LedgerConfig');
