/**
 * The project list's filters (API.md "Beyond this page"): `unitId` takes in the units below the one named, and
 * `q` finds projects by words of their name or investor, as the console's text search sends it.
 */
import { startLedger, type TestLedger } from '../support/ledger-app.js';
import { huafangLead, jinyulaiLead, page, registerUnits } from './projects-fixtures.js';

let ledger: TestLedger;

beforeAll(async () => {
  ledger = await startLedger();
  await registerUnits(ledger);
  await ledger.created('recorder', '/v1/projects', huafangLead());
  await ledger.created('recorder', '/v1/projects', jinyulaiLead());
});
afterAll(() => ledger.close());

const names = async (query: string) => page(await ledger.as('supervisor').get(`/v1/projects?${query}`).expect(200)).items.map((p) => p.name);

it('a county takes in the projects of its townships', async () => {
  expect(await names('unitId=xiajin')).toEqual(['棉紡織項目一期']);
  expect(await names('unitId=xiajin-zhengbaotun')).toEqual(['棉紡織項目一期']);
  expect(await names('unitId=qingyun')).toEqual(['保鮮設備項目']);
});

it('q matches words of the name or the investor, without case, width or spacing differences', async () => {
  expect(await names(`q=${encodeURIComponent('華芳')}`)).toEqual(['棉紡織項目一期']);
  expect(await names(`q=${encodeURIComponent('保鮮 設備')}`)).toEqual(['保鮮設備項目']);
  expect(await names(`q=${encodeURIComponent('項目')}`)).toHaveLength(2);
  expect(await names(`q=${encodeURIComponent('鋼鐵')}`)).toEqual([]);
});

it('q finds nothing across a wildcard it does not mean', async () => {
  expect(await names(`q=${encodeURIComponent('%')}`)).toEqual([]);
});
