/**
 * `npm ci` warns (EBADENGINE) that a few installed packages declare Node ≥ 22, and this project runs on
 * Node 20 (docs/decisions.md "Node 20 and packages that declare Node 22"). Those the ledger or its test
 * tooling can reach are run here, on the Node that runs the ledger, so a release that really needs 22 fails.
 */
import { execFileSync } from 'node:child_process';
import { Command } from 'commander';

it('runs on the Node the ledger runs on (20.x)', () => {
  expect(process.versions.node).toMatch(/^20\./);
});

it("cookie@2 (fastify's inject, through light-my-request) reads back a Set-Cookie, in Node itself", () => {
  // cookie@2 is ESM loaded with require(): Node 20.19+ does that, jest's module loader does not, so this runs in node.
  const script = `
    const app = require('fastify')();
    app.get('/', (q, r) => r.header('set-cookie', 'session=abc; Path=/; HttpOnly').send({ ok: true }));
    app.inject({ method: 'GET', url: '/', cookies: { asked: '1' } }).then((a) => {
      process.stdout.write(JSON.stringify({ status: a.statusCode, cookies: a.cookies }));
      return app.close();
    });`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { status: number; cookies: unknown[] };
  expect(out).toEqual({ status: 200, cookies: [{ name: 'session', value: 'abc', path: '/', httpOnly: true }] });
});

it("file-type@22 (@nestjs/common's file validator) recognises a PNG and an xlsx workbook", async () => {
  const { fileTypeFromBuffer } = await import('file-type');
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  expect((await fileTypeFromBuffer(png))?.mime).toBe('image/png');
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  book.addWorksheet('台账').addRow(['项目', '金额']);
  const xlsx = Buffer.from(await book.xlsx.writeBuffer());
  expect((await fileTypeFromBuffer(xlsx))?.ext).toBe('xlsx');
});

it("commander@15 (the Nest CLI's option parser) parses and refuses an unknown option", () => {
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined })
    .option('--out <file>');
  expect(program.parse(['--out', 'a.xlsx'], { from: 'user' }).opts()).toEqual({ out: 'a.xlsx' });
  expect(() =>
    new Command()
      .exitOverride()
      .configureOutput({ writeErr: () => undefined })
      .option('--out <file>')
      .parse(['--outt', 'x'], { from: 'user' }),
  ).toThrow(/unknown option/);
});
