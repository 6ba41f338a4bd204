/**
 * Every read model rebuilt in transactions that span many batches (what a rebuild holds in its
 * `TransactionScope`: project-status's summaries and facts, rewards' earnings, referrals and new tax
 * rows) equals the read models the live projector built batch by batch, on a generated ledger written
 * in time order, with voids of tax paid in the same transaction and in earlier ones and referrers
 * named after a project's taxes (a refill of its earnings).
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { CAPABILITIES } from '../../apps/ledger-api/app.module.js';
import { generateLedger, inTimeOrder, type GeneratedEvent } from '../../bench/generator.js';
import { MemoryEventStore, type NewEvent } from '../../libs/event-store/index.js';
import { Projector } from '../../libs/projector/index.js';

const projections = () => CAPABILITIES.flatMap((c) => c.projections());

/** An event of the same stream, by the same clerk, on the same day as `event`. */
const following = (event: NewEvent, type: string, data: NewEvent['data']): NewEvent => ({
  type,
  data,
  occurredOn: event.occurredOn,
  actor: event.actor,
  role: event.role,
});

/** The time-ordered ledger with every 25th tax payment voided some events later, and a late referrer on every 50th unreferred taxed project. */
function ledgerWithVoidsAndLateReferrers(): GeneratedEvent[] {
  const events = inTimeOrder(generateLedger(20_000, { referrers: 40 }));
  const later = new Map<number, GeneratedEvent[]>();
  const insertBefore = (at: number, added: GeneratedEvent) => later.set(at, [...(later.get(at) ?? []), added]);
  const referred = new Set<string>();
  let taxes = 0;
  let unreferred = 0;
  events.forEach(({ streamId, event }, i) => {
    if (event.type === 'LeadRegistered' && event.data.referrer) referred.add(streamId);
    if (event.type !== 'TaxPaid') return;
    event.eventId = randomUUID();
    const on = event.occurredOn;
    if (++taxes % 25 === 0) {
      const voided = following(event, 'FactVoided', { voidedEventId: event.eventId, voidedType: 'TaxPaid', reason: '重复录入', on });
      insertBefore(i + 1 + ((taxes * 7919) % 3_000), { streamId, event: voided });
    }
    if (!referred.has(streamId) && ++unreferred % 50 === 0) {
      referred.add(streamId);
      const referrer = { referrerId: `late-${unreferred}`, name: `后补引荐人 ${unreferred}` };
      insertBefore(i + 1 + ((unreferred * 104_729) % 5_000), { streamId, event: following(event, 'ReferrerAssigned', { referrer, assignedOn: on }) });
    }
  });
  return events.flatMap((e, i) => [...(later.get(i) ?? []), e]).concat([...later.entries()].filter(([at]) => at >= events.length).flatMap(([, e]) => e));
}

describe('a rebuild in transactions spanning many batches', () => {
  it('gives every read model the live projector built batch by batch', async () => {
    const store = new MemoryEventStore();
    for (const { streamId, event } of ledgerWithVoidsAndLateReferrers()) await store.append(streamId, [event], { expectedRevision: 'any' });

    const live = new Projector(store, new Database(':memory:'), projections(), { batchSize: 97 });
    await live.catchUp();
    const spanning = new Projector(store, new Database(':memory:'), projections(), { rebuildBatchSize: 250, rebuildCommitEvery: 2_500 });
    await spanning.rebuild();

    const names = projections().map((p) => p.name);
    for (const name of names) expect([name, spanning.dump(name)]).toEqual([name, live.dump(name)]);
    // The ledger reached what the scope holds: voided taxes, and earnings of referrers named late.
    const rewards = spanning.dump('rewards');
    expect((rewards.rewards_taxes as { voided: number }[]).filter((t) => t.voided === 1).length).toBeGreaterThan(20);
    expect((rewards.rewards_earnings as { referrer_id: string }[]).some((e) => e.referrer_id.startsWith('late-'))).toBe(true);
    expect((spanning.dump('project-status').project_facts as { voided: number }[]).filter((f) => f.voided === 1).length).toBeGreaterThan(20);
  }, 120_000);
});
