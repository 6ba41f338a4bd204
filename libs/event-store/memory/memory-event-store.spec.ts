import { eventStoreContract } from '../contract/event-store-contract.js';
import { MemoryEventStore } from './memory-event-store.js';

eventStoreContract('memory', async () => new MemoryEventStore());
