/** The EventStoreDB adapter, a separate entry point so the SQLite build never loads the gRPC client. */
export { EsdbEventStore, EsdbOpenError, openEsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store.js';
export { EsdbUnavailable } from './errors.js';
export { copyLedger, SealedImportRefused, LedgerCopyError, type CopyReport, type ImportTarget, type LedgerSource } from './migrate.js';
