/**
 * The web console in a browser (issue 14): sign in, a project's whole life recorded through the forms and seen in
 * the pipeline and on the dashboard, a 400 beside its field, a duplicate lead's 409, finance's statement and payout,
 * the auditor's seals and as-of slider, the audit screen, the language switch; nothing in the browser console.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { openAccount, setPasswordAndSignIn, TEST_PASSWORD } from '../support/accounts.js';
import { cny } from '../support/ledger-app.js';
import { form, signInWithPassword, signInWithToken, startConsole, subPathProxy, WALL, type ConsoleRun } from './browser.js';

jest.setTimeout(120_000);

let run: ConsoleRun;
let projectId = '';
/** People with accounts: a recorder who sets a first password in the console, a finance officer who has one. */
let recorder = { login: '', setupCode: '' };
let financeLogin = '';

beforeAll(async () => {
  run = await startConsole();
  const { ledger } = run;
  for (const unit of [
    { unitId: 'xiajin', name: '夏津县', kind: 'county' },
    { unitId: 'xiajin-zhengbaotun', name: '郑保屯镇', kind: 'township', parentId: 'xiajin' },
    { unitId: 'qingyun', name: '庆云县', kind: 'county' },
  ]) {
    await ledger.created('admin', '/v1/units', unit);
  }
  // A lead names only a registered park (DOMAIN.md).
  await ledger.created('admin', '/v1/parks', { parkId: 'xiajin-textile-park', name: '夏津纺织工业园', unitId: 'xiajin' });
  await ledger.created('admin', '/v1/policies/referrer-reward', { rateBps: 300, effectiveFrom: '2025-01-01' });
  await ledger.created('admin', '/v1/policies/assessment', {
    minimumProjectCny: cny('10000000.00'),
    fixedAssetSectors: ['primary', 'secondary'],
    realEstateTaxMultiplier: 10,
    effectiveFrom: '2026-01-01',
  });
  await ledger.created('assessor', '/v1/townships/xiajin-zhengbaotun/targets', { year: 2026, target: cny('50000000.00') });
  recorder = await openAccount(ledger, 'recorder', undefined, 'liu.yang');
  const finance = await openAccount(ledger, 'finance', undefined, 'qian.hui');
  await setPasswordAndSignIn(ledger, finance.login, finance.setupCode);
  financeLogin = finance.login;
});

/** The recorder's page: signed in by setting a first password with the setup code, in the console. */
const recorderPage = () =>
  run.pageOf('recorder', async (page) => {
    await page.goto(run.base);
    await page.getByRole('tab', { name: '首次设置密码' }).click();
    await page.locator('input[data-test="login"]').fill(recorder.login);
    await page.locator('input[data-test="setup-code"]').fill(recorder.setupCode);
    await page.locator('input[data-test="password"]').fill('a long and private passphrase');
    await page.locator('[data-test="sign-in"]').click();
    await page.locator('[data-test="who"]').waitFor();
  });

afterAll(async () => {
  await run?.close();
});

const text = (page: Page, selector: string) => page.locator(selector).innerText();

/** Waits for a dialog's form to go and its overlay to fade out. */
async function dialogGone(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-test="${testId}"]`).waitFor({ state: 'detached' });
  await page.locator('.el-overlay-dialog:visible').waitFor({ state: 'detached' });
}

describe('an administrator', () => {
  it('registers a unit and opens an account, and is shown its setup code', async () => {
    const page = await run.pageAs('admin');
    await page.locator('[data-test="menu-setup"]').click();
    const unit = form(page, '[data-test="setup-unit"]');
    await unit.fill('unitId', 'xiajin-beicheng');
    await unit.fill('name', '北城街道');
    await unit.choose('kind', '乡镇');
    await unit.choose('parentId', '夏津县');
    await unit.submit();
    await page.locator('[data-test="answer-unit"]').waitFor();
    const units = (await run.ledger.as('admin').get('/v1/units').expect(200)).body.items as { unitId: string; parentId: string | null }[];
    expect(units.find((u) => u.unitId === 'xiajin-beicheng')).toMatchObject({ parentId: 'xiajin' });
    await page.getByRole('tab', { name: '开通账号' }).click();
    const account = form(page, '[data-test="setup-account"]');
    await account.fill('login', 'zhao.min');
    await account.fill('displayName', '赵敏');
    await account.choose('role', '督查');
    await account.submit();
    expect(await page.locator('[data-test="setup-code-value"]').innerText()).toMatch(/\S{6,}/);
    await run.shot(page, '20-setup-account');
  });
});

describe('a recorder', () => {
  it('sets a first password with the setup code, is signed in and lands on the dashboard, in Simplified Chinese', async () => {
    const page = await recorderPage();
    await page.locator('[data-test="dashboard"]').waitFor();
    expect(await text(page, '[data-test="menu-dashboard"]')).toBe('驾驶舱');
    expect(await text(page, '[data-test="who"]')).toContain('录入员');
    await run.shot(page, '01-dashboard-empty');
  });

  it('sees a 400 beside the field it names, and nothing is recorded', async () => {
    const page = await recorderPage();
    await page.locator('[data-test="menu-projects"]').click();
    await page.locator('[data-test="new-project"]').click();
    const lead = form(page, '[data-test="lead-form"]');
    await lead.fill('name', '棉纺织项目一期');
    await lead.fill('investor', '华芳集团');
    await lead.fill('plannedInvestment', '300000000');
    await lead.choose('unitId', '郑保屯镇');
    await lead.fill('parkId', '纺织 园区');
    await lead.fill('referrer.referrerId', 'ref-wang');
    await lead.fill('referrer.name', '王建国');
    await lead.choose('referrer.kind', '个人');
    await lead.date('leadOn', '2026-01-05');
    await lead.submit();
    await lead.error('parkId').waitFor();
    expect(await lead.error('parkId').innerText()).toMatch(/parkId/);
    expect(await lead.error('name').count()).toBe(0);
    await run.shot(page, '02-lead-400-beside-field');
    const listed = await run.ledger.as('supervisor').get('/v1/projects').expect(200);
    expect(listed.body.items).toEqual([]);
  });

  it('checks an amount the way the API does before sending it', async () => {
    const page = await recorderPage();
    const lead = form(page, '[data-test="lead-form"]');
    await lead.fill('plannedInvestment', '300000000.123');
    await lead.submit();
    expect(await lead.error('plannedInvestment').innerText()).toBe('金额为数字，最多两位小数');
    await lead.fill('plannedInvestment', '300000000');
  });

  it('registers the lead once the field is fixed, and sees its page', async () => {
    const page = await recorderPage();
    const lead = form(page, '[data-test="lead-form"]');
    await lead.fill('parkId', 'xiajin-textile-park');
    await lead.submit();
    await page.locator('[data-test="project-page"]').waitFor();
    projectId = /#\/projects\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    expect(projectId).not.toBe('');
    expect(await text(page, '[data-test="project-stage"]')).toBe('线索');
    await run.shot(page, '03-project-lead');
  });

  it('is shown the project a duplicate lead collides with', async () => {
    const page = await recorderPage();
    await page.goto(`${run.base}#/projects/new`);
    const lead = form(page, '[data-test="lead-form"]');
    await lead.fill('name', '棉纺织项目一期');
    await lead.fill('investor', '华芳集团');
    await lead.fill('plannedInvestment', '300000000');
    await lead.choose('unitId', '郑保屯镇');
    await lead.date('leadOn', '2026-01-06');
    await lead.submit();
    const link = page.locator('[data-test="duplicate"] a');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`#/projects/${projectId}`);
    await run.shot(page, '04-lead-409-duplicate');
    await link.click();
    await page.locator('[data-test="project-page"]').waitFor();
  });

  it("records the project's whole life through the forms and sees it move through the stages", async () => {
    const page = await recorderPage();
    await page.goto(`${run.base}#/projects/${projectId}`);
    const steps: [string, string, (f: ReturnType<typeof form>) => Promise<void>][] = [
      [
        'signing',
        '已签约',
        async (f) => {
          await f.choose('kind', '正式合同');
          await f.fill('committedInvestment', '280000000');
          await f.date('signedOn', '2026-01-20');
        },
      ],
      [
        'funding',
        '已签约',
        async (f) => {
          await f.fill('amount', '120000000');
          await f.fill('bankReference', 'ICBC-20260201-0001');
          await f.date('arrivedOn', '2026-02-01');
        },
      ],
      ['groundbreaking', '在建', (f) => f.date('brokeGroundOn', '2026-02-10')],
      ['completion', '竣工', (f) => f.date('completedOn', '2026-02-25')],
      ['production', '投产', (f) => f.date('startedOn', '2026-03-01')],
      [
        'tax',
        '投产',
        async (f) => {
          await f.fill('amount', '100000');
          await f.date('taxMonth', '2026-03');
          await f.fill('paymentReference', 'TAX-2026-03-001');
          await f.date('paidOn', '2026-03-15');
        },
      ],
    ];
    for (const [fact, stage, fill] of steps) {
      await page.locator(`[data-test="fact-${fact}"]`).click();
      const f = form(page, `[data-test="form-${fact}"]`);
      await fill(f);
      await f.submit();
      await dialogGone(page, `form-${fact}`);
      await page.locator('[data-test="project-stage"]', { hasText: stage }).waitFor();
      if (fact === 'signing') await run.shot(page, '05-project-record-fact');
    }
    expect(await text(page, '[data-test="arrived"]')).toBe('120,000,000.00 CNY');
    expect(await page.locator('[data-test="stages"] .el-step__head.is-success').count()).toBe(5);
    await run.shot(page, '06-project-in-production');
  });

  it('sees the project in the list, found by a word of its investor', async () => {
    const page = await recorderPage();
    await page.goto(`${run.base}#/projects`);
    await page.locator('input[data-test="filter-text"]').fill('华芳');
    await page.locator('[data-test="search"]').click();
    await page.locator('[data-test="project-table"] .el-table__row', { hasText: '棉纺织项目一期' }).waitFor();
    expect(await page.locator('[data-test="project-table"] .el-table__row').count()).toBe(1);
    expect(await text(page, '[data-test="project-table"] .el-table__row')).toContain('30,000.00 万元');
    await run.shot(page, '07-projects');
  });

  it('sees it on the dashboard: every stage of the pipeline reached, each stage linking to its list', async () => {
    const page = await recorderPage();
    await page.locator('[data-test="menu-dashboard"]').click();
    const funnel = page.locator('[data-test="funnel"]');
    await funnel.locator('[data-stage="in_production"]', { hasText: '1' }).waitFor();
    for (const stage of ['lead', 'signed', 'under_construction', 'completed', 'in_production']) {
      expect(await funnel.locator(`[data-stage="${stage}"] strong`).innerText()).toBe('1');
    }
    await funnel.locator('[data-stage="in_production"]').click();
    await page.locator('[data-test="project-table"] .el-table__row', { hasText: '棉纺织项目一期' }).waitFor();
    expect(page.url()).toContain('stage=in_production');
  });
});

describe('an assessor', () => {
  it('records a fixed-asset verification, and the county ranking counts it', async () => {
    const page = await run.pageAs('assessor');
    await page.goto(`${run.base}#/projects/${projectId}`);
    await page.locator('[data-test="fact-verification"]').click();
    const f = form(page, '[data-test="form-verification"]');
    await f.fill('plant', '80000000');
    await f.fill('equipment', '60000000');
    await f.fill('land', '0');
    await f.date('inspectedOn', '2026-03-10');
    await f.fill('inspector', '张工');
    await f.submit();
    await dialogGone(page, 'form-verification');
    await page.locator('[data-test="menu-assessment"]').click();
    const xiajin = page.locator('[data-test="ranking"] .el-table__row', { hasText: '夏津县' });
    await xiajin.waitFor();
    expect(await xiajin.innerText()).toContain('14,000.00 万元');
    await run.shot(page, '15-assessment');
  });
});

describe('finance', () => {
  it('is told a wrong password, then signs in with the right one', async () => {
    const page = await run.pageOf('finance', async (p) => {
      await signInWithPassword(p, run.base, financeLogin, 'not the password');
      await p.locator('[data-test="problem"]').waitFor();
      expect(await p.locator('[data-test="problem"]').innerText()).toContain('401');
      await run.shot(p, '00-sign-in-refused');
      await signInWithPassword(p, run.base, financeLogin, TEST_PASSWORD);
      await p.locator('[data-test="who"]').waitFor();
    });
    expect(await text(page, '[data-test="who"]')).toContain('财务');
  });

  it('sees the half-year statement and records its payout, the amount prefilled from the total', async () => {
    const page = await run.pageOf('finance', () => Promise.reject(new Error('signed in above')));
    await page.locator('[data-test="menu-finance"]').click();
    await page.locator('input[data-test="period"]').fill('2026-H1');
    await page.locator('[data-test="load-statements"]').click();
    const row = page.locator('[data-test="statements"] .el-table__row', { hasText: 'ref-wang' });
    await row.waitFor();
    expect(await row.locator('[data-test="statement-total"]').innerText()).toBe('3,000.00 CNY');
    await run.shot(page, '08-finance-statement');
    await row.locator('[data-test="pay"]').click();
    const payout = form(page, '[data-test="payout-form"]');
    expect(await page.locator('[data-test="payout-form"] [data-field="amount"] input').inputValue()).toBe('3000.00');
    await payout.fill('paymentReference', 'ICBC-20260715-0001');
    await payout.date('paidOn', '2026-07-15');
    await payout.submit();
    await page.locator('.el-message-box').waitFor();
    expect(await text(page, '.el-message-box')).toContain('3,000.00 CNY');
    await run.shot(page, '09-finance-confirm');
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await row.locator('[data-test="paid"]').waitFor();
    await dialogGone(page, 'payout-form');
    expect(await row.locator('[data-test="paid"]').innerText()).toContain('ICBC-20260715-0001');
    const sheet = page.waitForEvent('download');
    await page.locator('[data-test="download-statements"]').click();
    expect((await sheet).suggestedFilename()).toMatch(/\.xlsx$/);
    const paid = await run.ledger.as('finance').get('/v1/referrers/ref-wang/statements/2026-H1').expect(200);
    expect(paid.body.paid).toEqual({ amount: cny('3000.00'), paymentReference: 'ICBC-20260715-0001', paidOn: '2026-07-15' });
  });
});

describe('an auditor', () => {
  it('sees every event sealed, and the as-of slider replays the project as the ledger knew it', async () => {
    const page = await run.pageAs('auditor');
    await page.goto(`${run.base}#/projects/${projectId}`);
    const seals = page.locator('[data-test="events"] [data-test="seal"]');
    await seals.first().waitFor();
    expect(await seals.count()).toBe(8);
    expect(new Set(await seals.allInnerTexts())).toEqual(new Set(['封印完好']));
    expect(await text(page, '[data-test="as-of-label"]')).toBe('当前');
    expect(await text(page, '[data-test="project-stage"]')).toBe('投产');
    await run.shot(page, '10-auditor-project-now');

    const handle = page.locator('[data-test="as-of-slider"] .el-slider__button-wrapper');
    await handle.focus();
    await handle.press('Home');
    await page.locator('[data-test="project-stage"]', { hasText: '线索' }).waitFor();
    expect(await text(page, '[data-test="as-of-label"]')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await page.locator('[data-test="events"] [data-test="seal"]').count()).toBe(1);
    await run.shot(page, '11-auditor-project-as-of');
    await handle.press('ArrowRight');
    await page.locator('[data-test="project-stage"]', { hasText: '已签约' }).waitFor();
    expect(await page.locator('[data-test="events"] [data-test="seal"]').count()).toBe(2);
  });

  it('verifies the ledger, takes and checks its digest', async () => {
    const page = await run.pageAs('auditor');
    await page.locator('[data-test="menu-audit"]').click();
    await page.locator('[data-test="verify"]').click();
    await page.locator('[data-test="verify-result"]', { hasText: '台账完整' }).waitFor();
    await page.locator('[data-test="digest"]').click();
    const digest = await page.locator('[data-test="digest-value"]').innerText();
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    await page.locator('[data-test="copy-digest"]').click();
    await page.locator('[data-test="copy-digest"]', { hasText: '已复制' }).waitFor();
    await page.getByRole('button', { name: '填入核对表单' }).click();
    await page.locator('[data-test="check"]').click();
    await page.locator('[data-test="check-result"]', { hasText: '当前台账延续了该摘要' }).waitFor();
    const download = page.waitForEvent('download');
    await page.locator('[data-test="export"]').click();
    expect((await download).suggestedFilename()).toBe('ledger.jsonl');
    await run.shot(page, '12-audit');
  });
});

describe('every screen', () => {
  it('has its screenshot, the dashboard also on a 1920×1080 wall screen', async () => {
    const supervisor = await run.pageAs('supervisor');
    for (const [screen, name] of [
      ['dashboard', '13-dashboard'],
      ['townships', '14-townships'],
      ['finance', '16-finance-supervisor'],
    ] as const) {
      await supervisor.locator(`[data-test="menu-${screen}"]`).click();
      await supervisor.locator(`[data-test="${screen}"]`).waitFor();
      await supervisor.waitForLoadState('networkidle');
      await run.shot(supervisor, name);
    }
    const wall = await run.freshPage(WALL);
    await wall.goto(run.base);
    await run.shot(wall, '00-sign-in');
    await signInWithToken(wall, run.base, 'supervisor-token-0123456789');
    await wall.waitForLoadState('networkidle');
    await run.shot(wall, '17-dashboard-wall');
  });
});

describe('on a LAN', () => {
  it('works behind a reverse proxy that mounts the ledger on a sub-path', async () => {
    const proxy = await subPathProxy(run.base, '/ledger/');
    try {
      const page = await run.freshPage();
      const asked: string[] = [];
      page.on('request', (r) => asked.push(new URL(r.url()).pathname));
      await signInWithToken(page, proxy.base, 'supervisor-token-0123456789');
      await page.locator('[data-test="menu-projects"]').click();
      await page.locator('[data-test="project-table"] .el-table__row', { hasText: '棉纺织项目一期' }).waitFor();
      expect(asked.filter((path) => !path.startsWith('/ledger/'))).toEqual([]);
      expect(asked).toContain('/ledger/v1/me');
      await page.close();
    } finally {
      await proxy.close();
    }
  });

  it('shows Swagger UI over plain HTTP, its operations summarised in both languages', async () => {
    const page = await run.freshPage();
    await page.goto(`${run.base}docs`);
    await page.locator('.opblock-summary-description', { hasText: '登记线索 / Register a lead' }).waitFor();
    await run.shot(page, '19-swagger-ui');
    await page.close();
  });
});

describe('the keyboard', () => {
  it('reaches the menu with Tab and opens a screen with Enter', async () => {
    const page = await run.pageAs('supervisor');
    await page.locator('[data-test="menu-dashboard"]').click();
    await page.locator('[data-test="dashboard"]').waitFor();
    await page.locator('body').focus();
    const focused = () => page.evaluate('document.activeElement && document.activeElement.textContent.trim()');
    let steps = 0;
    while ((await focused()) !== '项目' && steps < 20) {
      await page.keyboard.press('Tab');
      steps += 1;
    }
    expect(await focused()).toBe('项目');
    await page.keyboard.press('Enter');
    await page.locator('[data-test="projects"]').waitFor();
  });
});

describe('signing out', () => {
  it('ends the session on the ledger: its token no longer opens anything', async () => {
    const page = await recorderPage();
    const token = String(await page.evaluate("sessionStorage.getItem('ledger.token')"));
    expect(token).toMatch(/.{16,}/);
    await page.locator('[data-test="sign-out"]').click();
    await page.locator('[data-test="sign-in"]').waitFor();
    await run.ledger.http().get('/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
  });
});

describe('the language switch', () => {
  it('turns every label to English and back', async () => {
    const page = await run.pageAs('auditor');
    await page.locator('[data-test="lang-en"]').click();
    await page.locator('[data-test="menu-audit"]', { hasText: 'Audit' }).waitFor();
    // The audit screen holds no data of its own: with the digest shown, no Han character may be left.
    // (The switch names each language in its own words: 简体中文 stays.)
    const shown = (await text(page, '#app')).replace('简体中文', '');
    expect(shown).not.toMatch(/\p{Script=Han}/u);
    await run.shot(page, '18-audit-english');
    await page.goto(`${run.base}#/projects/${projectId}`);
    await page.locator('[data-test="project-stage"]', { hasText: 'In production' }).waitFor();
    await page.locator('[data-test="lang-zh"]').click();
    await page.locator('[data-test="project-stage"]', { hasText: '投产' }).waitFor();
  });
});

describe('afterwards, the browser', () => {
  it('logged nothing in its console over every step above, and was refused only where a step meant it', () => {
    expect(run.troubles).toEqual([]);
    expect(run.refusals).toEqual(['400 POST /v1/projects', '409 POST /v1/projects', '401 POST /v1/sessions']);
  });
});
