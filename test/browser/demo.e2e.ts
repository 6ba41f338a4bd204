/**
 * The console over the demo ledger (`npm run ledger -- demo`: 25 projects, townships, rewards, a failing township):
 * a supervisor's dashboard draws every chart from real data, the stalled list is flagged, the ranking is there, and
 * the browser logs nothing. Its screenshot is the README's (docs/console-dashboard.png).
 */
import { jest } from '@jest/globals';
import { loadDemo } from '../../apps/ledger-cli/demo/demo.command.js';
import { DEMO_LAST_DAY, demoPlan } from '../../apps/ledger-cli/demo/demo-plan.js';
import { startConsole, WALL, type ConsoleRun } from './browser.js';

jest.setTimeout(120_000);

let run: ConsoleRun;

beforeAll(async () => {
  run = await startConsole({ today: DEMO_LAST_DAY });
  await loadDemo(run.ledger.app, demoPlan());
});
afterAll(() => run?.close());

it('shows the supervisor a dashboard of the demo ledger: the pipeline, the stalled flags, the ranking', async () => {
  const total = (await run.ledger.as('supervisor').get('/v1/projects?limit=500').expect(200)).body.items.length as number;
  const page = await run.pageAs('supervisor');
  const funnel = page.locator('[data-test="funnel"]');
  await funnel.locator('[data-stage="lead"] strong', { hasText: String(total) }).waitFor();
  const stalled = (await run.ledger.as('supervisor').get(`/v1/projects/stalled?asOf=${DEMO_LAST_DAY}&days=90`).expect(200)).body.items.length as number;
  expect(stalled).toBeGreaterThan(0);
  expect(await page.locator('[data-test="stalled"] .el-table__row').count()).toBe(stalled);
  expect(await page.locator('[data-test="stalled"] .el-tag--danger, [data-test="stalled"] .el-tag--warning').count()).toBe(stalled);
  await page.waitForLoadState('networkidle');
  await run.shot(page, 'demo-dashboard');
  await page.setViewportSize(WALL);
  await run.shot(page, 'demo-dashboard-wall');
});

it('shows the demo township that failed its targets, and the promotion bans it brought', async () => {
  const page = await run.pageAs('supervisor');
  await page.locator('[data-test="menu-townships"]').click();
  await page.locator('[data-test="township-years"] .el-table__row').first().waitFor();
  const bans = (await run.ledger.as('supervisor').get(`/v1/promotion-bans?activeOn=${DEMO_LAST_DAY}`).expect(200)).body.items as { officialId: string }[];
  expect(bans.length).toBeGreaterThan(0);
  await page
    .locator('[data-test="bans"] .el-table__row')
    .nth(bans.length - 1)
    .waitFor();
  expect(await page.locator('[data-test="bans"] .el-table__row').count()).toBe(bans.length);
  await page.locator('input[data-test="official-id"]').fill(bans[0].officialId);
  await page.locator('[data-test="check-eligibility"]').click();
  await page.locator('[data-test="eligibility"]', { hasText: '受提拔限制' }).waitFor();
  await run.shot(page, 'demo-townships');
  await page.locator('[data-test="menu-finance"]').click();
  await page.locator('input[data-test="period"]').fill('2026-H1');
  await page.locator('[data-test="load-statements"]').click();
  await page.locator('[data-test="statements"] .el-table__row').first().waitFor();
  await run.shot(page, 'demo-finance');
});

it('logged nothing in the browser console, and nothing was refused', () => {
  expect(run.troubles).toEqual([]);
  expect(run.refusals).toEqual([]);
});
