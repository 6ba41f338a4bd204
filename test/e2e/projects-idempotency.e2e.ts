/**
 * Request guarantees on project writes (API.md "Conventions"): Idempotency-Key replays, If-Match,
 * and the duplicate-lead rule ("one project, one unit"). Every test runs on a ledger of its own (units and
 * 華芳's signed project, set up before each), so the file passes in any order.
 */
import { freshLedgers, type TestLedger } from '../support/ledger-app.js';
import { head, revisionOf, signedHuafang, problemOf, registerUnits, view, written, xijieLead } from './projects-fixtures.js';

const fresh = freshLedgers();
let ledger: TestLedger;
let huafang = '';

beforeEach(async () => {
  ledger = await fresh();
  await registerUnits(ledger);
  huafang = await signedHuafang(ledger);
});

const tranche = (amount: string, bankReference: string) => ({ amount: { amount, currency: 'CNY' }, bankReference, arrivedOn: '2026-03-20' });
const fundWith = (key: string, body: object) => ledger.as('recorder').post(`/v1/projects/${huafang}/funding-arrivals`).set('Idempotency-Key', key).send(body);

describe('Idempotency-Key', () => {
  it('the same key and body again returns the first answer and appends nothing', async () => {
    const first = written(await fundWith('fund-0320-a', tranche('50000000.00', 'ICBC-XJ-0320')).expect(201));
    const headAfterFirst = await head(ledger);
    const again = written(await fundWith('fund-0320-a', tranche('50000000.00', 'ICBC-XJ-0320')).expect(201));
    expect(again).toEqual(first);
    expect(await head(ledger)).toBe(headAfterFirst);
    expect(await revisionOf(ledger, huafang)).toBe(first.revision);
    const project = view(await ledger.as('supervisor').get(`/v1/projects/${huafang}`).expect(200));
    expect(project.fundingArrivedCny).toEqual({ amount: '50000000.00', currency: 'CNY' });
    const events = await ledger.as('auditor').get(`/v1/projects/${huafang}/events`).expect(200);
    const items = (events.body as { items: { eventId: string }[] }).items;
    expect(items).toHaveLength(first.revision + 1);
    expect(items.filter((e) => e.eventId === first.eventId)).toHaveLength(1);
  });

  it('the same key with another body is 409 and appends nothing', async () => {
    await fundWith('fund-0320-a', tranche('50000000.00', 'ICBC-XJ-0320')).expect(201);
    const before = await head(ledger);
    const res = await fundWith('fund-0320-a', tranche('50000000.01', 'ICBC-XJ-0320')).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(res).status).toBe(409);
    expect(await head(ledger)).toBe(before);
  });

  it('the same key on another path is 409 too', async () => {
    await fundWith('fund-0320-a', tranche('50000000.00', 'ICBC-XJ-0320')).expect(201);
    const before = await head(ledger);
    await ledger
      .as('recorder')
      .post(`/v1/projects/${huafang}/groundbreaking`)
      .set('Idempotency-Key', 'fund-0320-a')
      .send({ brokeGroundOn: '2026-04-18' })
      .expect(409);
    expect(await head(ledger)).toBe(before);
  });

  it('a replayed groundbreaking returns the first answer, not a 422 for a second groundbreaking', async () => {
    const breakGround = (key?: string) => {
      const req = ledger.as('recorder').post(`/v1/projects/${huafang}/groundbreaking`);
      return (key ? req.set('Idempotency-Key', key) : req).send({ brokeGroundOn: '2026-04-18' });
    };
    const first = written(await breakGround('ground-0418').expect(201));
    const before = await head(ledger);
    const replay = written(await breakGround('ground-0418').expect(201));
    expect(replay).toEqual(first);
    expect(await head(ledger)).toBe(before);
    // Without the key it is a second groundbreaking, which the rules refuse.
    const second = await breakGround().expect(422);
    expect(problemOf(second).rule).toBe('groundbreaking-once');
    expect(await head(ledger)).toBe(before);
  });

  it('a replayed lead returns the first project, not a duplicate-lead 409', async () => {
    const lead = xijieLead();
    const first = written(await ledger.as('recorder').post('/v1/projects').set('Idempotency-Key', 'lead-xijie').send(lead).expect(201));
    const before = await head(ledger);
    const replay = written(await ledger.as('recorder').post('/v1/projects').set('Idempotency-Key', 'lead-xijie').send(lead).expect(201));
    expect(replay).toEqual(first);
    expect(await head(ledger)).toBe(before);
    // A new request (no key) for the same lead is the duplicate it looks like.
    const dup = await ledger.as('recorder').post('/v1/projects').send(lead).expect(409);
    expect(problemOf(dup).projectId).toBe(first.projectId);
  });

  it('an invalid key is 400', async () => {
    const before = await head(ledger);
    const res = await fundWith('has spaces in it', tranche('1.00', 'X')).expect(400);
    expect(problemOf(res).errors!.map((e) => e.field)).toContain('Idempotency-Key');
    expect(await head(ledger)).toBe(before);
  });
});

describe('concurrent writes', () => {
  it('the same key sent many times at once appends once and answers all alike', async () => {
    const before = await head(ledger);
    const body = tranche('12345.67', 'ICBC-XJ-PAR');
    const answers = await Promise.all(Array.from({ length: 6 }, () => fundWith('fund-parallel', body)));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((r) => JSON.stringify(written(r)))).size).toBe(1);
    expect(await head(ledger)).toBe(before + 1);
  });

  it('different writes at once without If-Match: every one lands (201, its own revision), none conflicts', async () => {
    const before = await head(ledger);
    const revision = await revisionOf(ledger, huafang);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        ledger
          .as('recorder')
          .post(`/v1/projects/${huafang}/funding-arrivals`)
          .send(tranche(`${i + 1}.00`, `PAR-${i}`)),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(
      answers
        .map(written)
        .map((w) => w.revision)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5, 6].map((i) => revision + i));
    expect(await head(ledger)).toBe(before + 6);
    expect(await revisionOf(ledger, huafang)).toBe(revision + 6);
  });
});

describe('If-Match', () => {
  it('a stale revision is 412 and appends nothing; the current one is 201', async () => {
    const current = await revisionOf(ledger, huafang);
    const before = await head(ledger);
    const stale = await ledger
      .as('recorder')
      .post(`/v1/projects/${huafang}/funding-arrivals`)
      .set('If-Match', String(current - 1))
      .send(tranche('1000000.00', 'CCB-XJ-0401'))
      .expect(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await head(ledger)).toBe(before);
    expect(await revisionOf(ledger, huafang)).toBe(current);

    const ok = written(
      await ledger
        .as('recorder')
        .post(`/v1/projects/${huafang}/funding-arrivals`)
        .set('If-Match', String(current))
        .send(tranche('1000000.00', 'CCB-XJ-0401'))
        .expect(201),
    );
    expect(ok.revision).toBe(current + 1);
    // The quoted ETag form is accepted too.
    await ledger
      .as('recorder')
      .post(`/v1/projects/${huafang}/funding-arrivals`)
      .set('If-Match', `"${current + 1}"`)
      .send(tranche('5.00', 'CCB-XJ-0402'))
      .expect(201);
  });

  it('a retried request with its key gets its first answer even when its If-Match has since gone stale', async () => {
    const at = await revisionOf(ledger, huafang);
    const send = () =>
      ledger
        .as('recorder')
        .post(`/v1/projects/${huafang}/funding-arrivals`)
        .set('If-Match', String(at))
        .set('Idempotency-Key', 'fund-retry-1')
        .send(tranche('7.00', 'CCB-XJ-0403'));
    const first = written(await send().expect(201));
    await ledger.as('recorder').post(`/v1/projects/${huafang}/funding-arrivals`).send(tranche('8.00', 'CCB-XJ-0404')).expect(201);
    const before = await head(ledger);
    expect(written(await send().expect(201))).toEqual(first);
    expect(await head(ledger)).toBe(before);
  });

  it('If-Match that is not a revision is 400', async () => {
    const before = await head(ledger);
    await ledger.as('recorder').post(`/v1/projects/${huafang}/funding-arrivals`).set('If-Match', 'yesterday').send(tranche('1.00', 'X')).expect(400);
    expect(await head(ledger)).toBe(before);
  });
});

describe('duplicate leads: one project, one unit', () => {
  const laigang = {
    name: '軋鋼項目',
    investor: '萊鋼永鋒',
    origin: 'domestic',
    sector: 'secondary',
    plannedInvestment: { amount: '500000000.00', currency: 'CNY' },
    unitId: 'qingyun',
    leadOn: '2026-05-11',
  };
  /** The first 軋鋼項目, in 慶雲縣. */
  let first = '';
  beforeEach(async () => {
    first = written(await ledger.as('recorder').post('/v1/projects').send(laigang).expect(201)).projectId;
  });

  it('a second lead with the same investor and name as a live project is 409 naming it', async () => {
    const before = await head(ledger);
    // Another county claims the same factory, spelled with stray spaces.
    const res = await ledger
      .as('recorder')
      .post('/v1/projects')
      .send({ ...laigang, investor: '萊鋼 永鋒 ', unitId: 'xiajin', leadOn: '2026-06-01' })
      .expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(res).projectId).toBe(first);
    expect(problemOf(res).detail).toContain(first);
    expect(await head(ledger)).toBe(before);
  });

  it('only an assessor may mark it distinct: a recorder sending distinctFrom is refused', async () => {
    const before = await head(ledger);
    const res = await ledger
      .as('recorder')
      .post('/v1/projects')
      .send({ ...laigang, unitId: 'xiajin', distinctFrom: first })
      .expect(422);
    expect(problemOf(res).rule).toBe('distinct-by-assessor');
    await ledger
      .as('assessor')
      .post('/v1/projects')
      .send({ ...laigang, unitId: 'xiajin', distinctFrom: '7a0c3f1e-0000-4000-8000-000000000000' })
      .expect(422);
    await ledger
      .as('assessor')
      .post('/v1/projects')
      .send({ ...laigang, unitId: 'xiajin' })
      .expect(409);
    expect(await head(ledger)).toBe(before);
  });

  it('an assessor with distinctFrom registers it (201)', async () => {
    const res = await ledger
      .as('assessor')
      .post('/v1/projects')
      .send({ ...laigang, unitId: 'xiajin', distinctFrom: first })
      .expect(201);
    const second = written(res).projectId;
    expect(second).not.toBe(first);
    const events = await ledger.as('auditor').get(`/v1/projects/${second}/events`).expect(200);
    expect((events.body as { items: { data: { distinctFrom: string | null } }[] }).items[0].data.distinctFrom).toBe(first);
  });

  describe('the same enterprise written another way (Simplified/Traditional, suffixes, invisible characters, credit code)', () => {
    const huagang = { ...laigang, name: '棉紡織項目', investor: '華芳集團', leadOn: '2026-05-20' };
    let huafangFirst = '';
    beforeEach(async () => {
      huafangFirst = written(
        await ledger
          .as('recorder')
          .post('/v1/projects')
          .send({ ...huagang, creditCode: '91350100M000100Y43' })
          .expect(201),
      ).projectId;
    });

    it.each([
      ['Simplified for Traditional', { investor: '华芳集团', name: '棉纺织项目' }],
      ['with its legal-form suffix', { investor: '華芳集團有限公司' }],
      ['a zero-width space and a word joiner inside', { investor: '華芳\u200b集團\u2060' }],
      ['another name under the same credit code', { investor: '夏津華芳紡織', creditCode: '91350100M000100Y43' }],
    ])('%s is 409 naming the live project', async (_what, over) => {
      const before = await head(ledger);
      const res = await ledger
        .as('recorder')
        .post('/v1/projects')
        .send({ ...huagang, unitId: 'xiajin', ...over })
        .expect(409);
      expect(problemOf(res).projectId).toBe(huafangFirst);
      expect(await head(ledger)).toBe(before);
    });

    it('the same name under another valid credit code is another enterprise (201), and the code is shown', async () => {
      const other = written(
        await ledger
          .as('recorder')
          .post('/v1/projects')
          .send({ ...huagang, unitId: 'xiajin', creditCode: '91110000600037341L' })
          .expect(201),
      ).projectId;
      expect(view(await ledger.as('supervisor').get(`/v1/projects/${other}`).expect(200)).creditCode).toBe('91110000600037341L');
      expect(view(await ledger.as('supervisor').get(`/v1/projects/${huafangFirst}`).expect(200)).creditCode).toBe('91350100M000100Y43');
    });

    it('a credit code with a wrong check character is 400 naming the field', async () => {
      const res = await ledger
        .as('recorder')
        .post('/v1/projects')
        .send({ ...huagang, name: '另一項目', creditCode: '91350100M000100Y44' })
        .expect(400);
      expect(problemOf(res).errors?.map((e) => e.field)).toContain('creditCode');
    });

    it('the investor cannot be its own referrer, in either script or with a suffix (422)', async () => {
      const res = await ledger
        .as('recorder')
        .post('/v1/projects')
        .send({ ...huagang, name: '第三項目', referrer: { referrerId: 'ref-huafang', name: '华芳集团有限公司', kind: 'organization' } })
        .expect(422);
      expect(problemOf(res).rule).toBe('investor-is-not-referrer');
    });
  });

  it('after the first is abandoned, a new lead with the same investor and name passes', async () => {
    const shuanghui = { ...laigang, name: '肉製品加工項目', investor: '河南雙匯', sector: 'primary', leadOn: '2026-04-02' };
    const old = written(await ledger.as('recorder').post('/v1/projects').send(shuanghui).expect(201)).projectId;
    const dup = await ledger.as('recorder').post('/v1/projects').send(shuanghui).expect(409);
    expect(problemOf(dup).projectId).toBe(old);
    await ledger.as('recorder').post(`/v1/projects/${old}/abandonment`).send({ reason: '選址未落實', abandonedOn: '2026-07-01' }).expect(201);
    const fresh = written(
      await ledger
        .as('recorder')
        .post('/v1/projects')
        .send({ ...shuanghui, leadOn: '2026-08-03' })
        .expect(201),
    );
    expect(fresh.projectId).not.toBe(old);
    expect(fresh.revision).toBe(0);
  });
});
