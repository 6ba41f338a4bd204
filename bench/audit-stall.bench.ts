/**
 * Audit reads never stop the world: the write p99 of the real HTTP server while an auditor runs full
 * verifies of a large ledger stays within twice its idle value. `auditStallBench()` returns the
 * figures (for a bench suite to call); run alone, this file prints them and exits non-zero on a miss.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NO_STREAM, SqliteEventStore } from '../libs/event-store/index.js';
import { loadConfig } from '../libs/platform/config.js';
import { createLedgerApp } from '../apps/ledger-api/create-app.js';

export interface AuditStallResult {
  events: number;
  idleP99Ms: number;
  duringVerifyP99Ms: number;
  verifiesCompleted: number;
  /** The target: p99 during the verifies at most twice the idle p99. */
  ok: boolean;
}

const ADMIN = 'bench-admin-token-0123456789';
const AUDITOR = 'bench-auditor-token-0123456789';

function unitEvent(i: number) {
  return {
    type: 'UnitRegistered',
    data: { unitId: `bench-${i}`, name: `單位 ${i}`, kind: 'county', parentId: null },
    occurredOn: '2026-01-05',
    actor: 'bench',
    role: 'admin',
  };
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
}

/** Builds a ledger of `events` events, starts the server on it and times sequential writes, idle and under verifies. */
export async function auditStallBench(events = Number(process.env.BENCH_AUDIT_EVENTS ?? 100_000), writes = 300): Promise<AuditStallResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-audit-bench-'));
  try {
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    for (let i = 0; i < events; i += 1000) {
      const n = Math.min(1000, events - i);
      await store.append(`bench-stream-${i}`, Array.from({ length: n }, (_, k) => unitEvent(i + k)) as never, { expectedRevision: NO_STREAM });
    }
    await store.close();
    const tokensFile = join(dir, 'bench-tokens.json');
    writeFileSync(
      tokensFile,
      JSON.stringify([
        { token: ADMIN, actor: 'admin.bench', role: 'admin' },
        { token: AUDITOR, actor: 'auditor.bench', role: 'auditor' },
      ]),
    );
    process.env.NODE_ENV = 'test';
    const config = loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_TOKENS_FILE: tokensFile, LEDGER_RATE_LIMIT: '0' });
    const app = await createLedgerApp({ config });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const url = `http://127.0.0.1:${address.port}`;
    let next = 0;
    const write = async (): Promise<number> => {
      const t = performance.now();
      const res = await fetch(`${url}/v1/units`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ unitId: `w-${next++}`, name: '寫入', kind: 'county' }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`write answered ${res.status}`);
      return performance.now() - t;
    };
    try {
      for (let i = 0; i < 20; i++) await write();
      const idle: number[] = [];
      for (let i = 0; i < writes; i++) idle.push(await write());
      let stop = false;
      let verifies = 0;
      const auditor = (async () => {
        while (!stop) {
          const res = await fetch(`${url}/v1/audit/verify`, { headers: { Authorization: `Bearer ${AUDITOR}` } });
          const body = (await res.json()) as { ok: boolean };
          if (!body.ok) throw new Error('verify failed');
          verifies++;
        }
      })();
      const during: number[] = [];
      // Until at least one whole verify ran under the write load.
      while (during.length < writes || verifies < 1) during.push(await write());
      stop = true;
      await auditor;
      const [idleP99Ms, duringVerifyP99Ms] = [p99(idle), p99(during)];
      return { events, idleP99Ms, duringVerifyP99Ms, verifiesCompleted: verifies, ok: duringVerifyP99Ms <= 2 * idleP99Ms };
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void auditStallBench().then((r) => {
    process.stdout.write(
      `${r.ok ? 'ok  ' : 'MISS'} write p99 during full verifies of ${r.events} events: ${r.duringVerifyP99Ms.toFixed(1)} ms ` +
        `(idle ${r.idleP99Ms.toFixed(1)} ms, target ≤ 2×; ${r.verifiesCompleted} verifies ran)\n`,
    );
    process.exit(r.ok ? 0 : 1);
  });
}
