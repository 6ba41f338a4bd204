import { eventStoreContract } from '../contract/event-store-contract.js';
import { MemoryEventStore } from './memory-event-store.js';

eventStoreContract('memory', async () => new MemoryEventStore());
eventStoreContract('memory', async () => new MemoryEventStore(undefined, { hashAlgorithm: 'sm3' }), 'sm3');
