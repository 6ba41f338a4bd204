/**
 * The one given/when/then helper for HTTP tests (the deciders' is libs/kernel/testing/decider.ts):
 *
 *   const { given, when } = httpSpec(ledger);
 *   const [lead] = await given(['recorder', '/v1/projects', huafangLead()]);   // set-up writes: each must answer 201
 *   await when(() => ledger.as('recorder').post(path).send(body)).then(201, { revision: 2 });
 *   await when(() => ledger.as('recorder').post(path).send(bad)).thenRefused(400, ['amount.amount']);
 *
 * `thenRefused` checks what every refusal owes (API.md): the status, an application/problem+json body with
 * type/title/status/detail, the invalid fields named on a 400, and nothing appended (the ledger's head unmoved).
 */
import type request from 'supertest';
import type { TestLedger, TokenName } from './ledger-app.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

export function httpSpec(ledger: TestLedger) {
  /** The ledger's last global position (GET /health `head`): unchanged means nothing was appended. */
  const head = async (): Promise<number> => ((await ledger.http().get('/health').expect(200)).body as { head: number }).head;
  return {
    head,
    /** Set-up writes, in order; each must answer 201 (the failure names the problem otherwise). */
    async given(...writes: [TokenName, string, object][]): Promise<request.Response[]> {
      const answers: request.Response[] = [];
      for (const [who, path, body] of writes) answers.push(await ledger.created(who, path, body));
      return answers;
    },
    when(send: () => request.Test) {
      return {
        async then(status: number, body?: object): Promise<request.Response> {
          const res = await send();
          expect({ status: res.status, body: res.body as unknown }).toMatchObject(body === undefined ? { status } : { status, body });
          return res;
        },
        async thenRefused(status: number, fields: string[] = []): Promise<request.Response> {
          const before = await head();
          const res = await send();
          expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status });
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          const problem = res.body as ProblemBody;
          expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
          if (fields.length > 0) expect((problem.errors ?? []).map((e) => e.field)).toEqual(expect.arrayContaining(fields));
          expect(await head()).toBe(before);
          return res;
        },
      };
    },
  };
}
