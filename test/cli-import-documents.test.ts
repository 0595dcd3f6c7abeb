import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';
import { runCli } from './support/cli.js';

const HEADER =
  'trich_yeu,so_ky_hieu,loai,co_quan_ban_hanh,nguoi_ky,ngay_ban_hanh,ngay_hieu_luc,linh_vuc,trang_thai,tep';
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

for (const dialect of backends()) {
  describe(`toasoan import-documents on ${dialect}`, () => {
    let db: TestDatabase;
    let dir: string;
    const env = () => ({ DATABASE_URL: db.url, DATA_DIR: path.join(dir, 'data') });
    const documents = () =>
      db.handle.kysely
        .selectFrom('documents')
        .innerJoin('document_types', 'document_types.id', 'documents.type_id')
        .select([
          'documents.code',
          'document_types.name as type',
          'documents.summary',
          'documents.issued_on',
          'documents.status',
          'documents.state',
        ])
        .orderBy('documents.id')
        .execute();

    before(async () => {
      db = await createTestDatabase(dialect);
      dir = mkdtempSync(path.join(tmpdir(), 'toasoan-docs-'));
    });
    after(() => db.drop());

    test('imports a CSV with a BOM, columns in any order, quoted fields and files; a bad row is named and skipped', async () => {
      const folder = mkdtempSync(path.join(dir, 'files-'));
      writeFileSync(path.join(folder, 'nd-42.pdf'), PDF);
      writeFileSync(path.join(folder, 'gia-mao.pdf'), 'không phải PDF');
      const csv = path.join(dir, 'van-ban.csv');
      writeFileSync(
        csv,
        '\ufeff' +
          [
            HEADER,
            '"Quy định về việc cung cấp thông tin, dịch vụ công trực tuyến",42/2022/NĐ-CP,Nghị định,Chính phủ,Vũ Đức Đam,24/06/2022,01/08/2022,Công nghệ thông tin,còn hiệu lực,nd-42.pdf',
            'Ngày không có thật,1/2020/NĐ-CP,Nghị định,Chính phủ,,31/02/2020,,,còn hiệu lực,',
            '"Về nâng cao năng lực lãnh đạo,\nsức chiến đấu của tổ chức cơ sở đảng",22-NQ/TW,Nghị quyết,Ban Chấp hành Trung ương,,02/02/2008,,Xây dựng Đảng,Còn hiệu lực,',
            'Tệp giả,15/KH-SKHCN,Kế hoạch,Sở KH&CN,,05/01/2024,,,dự thảo,gia-mao.pdf',
            'Loại lạ,3/XYZ,Sắc lệnh,Chính phủ,,05/01/2024,,,dự thảo,',
            'Tình trạng lạ,4/2024/NĐ-CP,Nghị định,Chính phủ,,05/01/2024,,,sắp có,',
          ].join('\r\n') +
          '\r\n',
      );
      const res = await runCli(['import-documents', csv, '--files', folder, '--json'], env());
      assert.equal(res.code, 1, res.stderr);
      const lines = res.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: number; url: string; code: string });
      assert.deepEqual(
        lines.map((l) => l.code),
        ['42/2022/NĐ-CP', '22-NQ/TW'],
      );
      assert.match(lines[0]!.url, /^\/van-ban\/nghi-dinh-42-2022-nd-cp$/);
      const errors = res.stderr.trim().split('\n');
      assert.ok(
        errors.some((e) => e.startsWith(`${csv}:3: Ngày không hợp lệ`)),
        res.stderr,
      );
      assert.ok(
        errors.some((e) => e.startsWith(`${csv}:6: `) && e.includes('gia-mao.pdf')),
        res.stderr,
      );
      assert.ok(
        errors.some((e) => e.startsWith(`${csv}:7: `) && e.includes('Sắc lệnh')),
        res.stderr,
      );
      assert.ok(
        errors.some((e) => e.startsWith(`${csv}:8: `) && e.includes('Tình trạng')),
        res.stderr,
      );
      const rows = await documents();
      assert.deepEqual(
        rows.map((r) => [r.code, r.type, r.issued_on, r.status, r.state]),
        [
          ['42/2022/NĐ-CP', 'Nghị định', '2022-06-24', 'con_hieu_luc', 'published'],
          ['22-NQ/TW', 'Nghị quyết', '2008-02-02', 'con_hieu_luc', 'published'],
        ],
      );
      assert.equal(rows[1]!.summary, 'Về nâng cao năng lực lãnh đạo,\nsức chiến đấu của tổ chức cơ sở đảng');
      const file = await db.handle.kysely
        .selectFrom('document_files')
        .select(['original_name', 'mime'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(file, { original_name: 'nd-42.pdf', mime: 'application/pdf' });
    });

    test('the same code again updates the document, whatever its spelling', async () => {
      const csv = path.join(dir, 'lan-hai.csv');
      writeFileSync(
        csv,
        `${HEADER}\nĐã sửa trích yếu,42/2022/nđ-cp,Nghị định,Chính phủ,Vũ Đức Đam,24/06/2022,,Công nghệ thông tin,hết hiệu lực,\n`,
      );
      const res = await runCli(['import-documents', csv], env());
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /^updated 42\/2022\/nđ-cp → \/van-ban\/nghi-dinh-42-2022-nd-cp$/m);
      const rows = await documents();
      assert.equal(rows.length, 2);
      assert.equal(rows[0]!.summary, 'Đã sửa trích yếu');
      assert.equal(rows[0]!.status, 'het_hieu_luc');
    });

    test('in one batch, a code seen again updates the document and two codes with one slug get two slugs', async () => {
      const folder = mkdtempSync(path.join(dir, 'files-'));
      writeFileSync(path.join(folder, 'a.pdf'), PDF);
      writeFileSync(path.join(folder, 'phu-luc.pdf'), Buffer.from('%PDF-1.4\n%phu luc\n%%EOF\n'));
      const csv = path.join(dir, 'trung-ma.csv');
      writeFileSync(
        csv,
        [
          HEADER,
          'Lần đầu,A.1,Kế hoạch,Sở KH&CN,,05/01/2024,,,còn hiệu lực,a.pdf',
          'Mã khác cùng đường dẫn,A-1,Kế hoạch,Sở KH&CN,,05/01/2024,,,còn hiệu lực,',
          'Lần sau,a.1,Kế hoạch,Sở KH&CN,,05/01/2024,,,hết hiệu lực,a.pdf;phu-luc.pdf',
        ].join('\n') + '\n',
      );
      const res = await runCli(['import-documents', csv, '--files', folder, '--json'], env());
      assert.equal(res.code, 0, res.stderr);
      const lines = res.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: number; url: string; code: string });
      assert.deepEqual(
        lines.map((l) => [l.code, l.url]),
        [
          ['A.1', '/van-ban/ke-hoach-a-1'],
          ['A-1', '/van-ban/ke-hoach-a-1-2'],
          ['a.1', '/van-ban/ke-hoach-a-1'],
        ],
      );
      assert.equal(lines[2]!.id, lines[0]!.id);
      const rows = (await documents()).filter((r) => /^a[.-]1$/i.test(r.code));
      assert.deepEqual(
        rows.map((r) => [r.code, r.summary, r.status]),
        [
          ['a.1', 'Lần sau', 'het_hieu_luc'],
          ['A-1', 'Mã khác cùng đường dẫn', 'con_hieu_luc'],
        ],
      );
      const files = await db.handle.kysely
        .selectFrom('document_files')
        .innerJoin('documents', 'documents.id', 'document_files.document_id')
        .select(['document_files.original_name', 'document_files.position'])
        .where('documents.code', '=', 'a.1')
        .orderBy('document_files.position')
        .execute();
      assert.deepEqual(files, [
        { original_name: 'a.pdf', position: 1 },
        { original_name: 'phu-luc.pdf', position: 2 },
      ]);
    });

    test('a row the database refuses rolls back alone: the rows around it are written and it is named', async () => {
      const k = db.handle.kysely;
      if (dialect === 'sqlite')
        await sql`create trigger refuse_one before insert on documents when new.code = '9/TB-TC'
          begin select raise(abort, 'refused by the test'); end`.execute(k);
      else {
        await sql`create function refuse_one() returns trigger language plpgsql as $$
          begin if new.code = '9/TB-TC' then raise exception 'refused by the test'; end if; return new; end $$`.execute(
          k,
        );
        await sql`create trigger refuse_one before insert on documents for each row execute function refuse_one()`.execute(
          k,
        );
      }
      const csv = path.join(dir, 'tu-choi.csv');
      writeFileSync(
        csv,
        [
          HEADER,
          'Trước,8/TB-TC,Thông báo,Sở Tài chính,,05/01/2024,,,còn hiệu lực,',
          'Bị từ chối,9/TB-TC,Thông báo,Sở Tài chính,,05/01/2024,,,còn hiệu lực,',
          'Sau,10/TB-TC,Thông báo,Sở Tài chính,,05/01/2024,,,còn hiệu lực,',
        ].join('\n') + '\n',
      );
      const res = await runCli(['import-documents', csv], env());
      assert.equal(res.code, 1, res.stderr);
      assert.match(res.stderr, new RegExp(`^${csv.replace(/[.]/g, '\\.')}:3: .*refused by the test`, 'm'));
      assert.match(res.stderr, /^2 imported, 1 failed$/m);
      const written = (await documents()).map((r) => r.code).filter((c) => c.endsWith('/TB-TC'));
      assert.deepEqual(written, ['8/TB-TC', '10/TB-TC']);
      const logged = await k
        .selectFrom('audit_log')
        .select('detail')
        .where('detail', 'like', '%/TB-TC')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        logged.map((l) => l.detail),
        ['8/TB-TC', '10/TB-TC'],
      );
    });

    test('a header without the required columns imports nothing and says which are missing', async () => {
      const csv = path.join(dir, 'thieu-cot.csv');
      writeFileSync(csv, 'so_ky_hieu,loai\n1/QĐ-UBND,Quyết định\n');
      const res = await runCli(['import-documents', csv], env());
      assert.equal(res.code, 2);
      assert.match(res.stderr, /:1: the header lacks the column\(s\) co_quan_ban_hanh, nguoi_ky/);
    });
  });
}
