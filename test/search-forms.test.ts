/**
 * Query forms readers type that used to find nothing or the wrong thing (issue 17): document codes
 * typed with spaces, a one-letter last word, operator words and stray syntax, dates and numbers
 * written in several ways. Every case runs on each back end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { messages as m } from '../src/messages/vi.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { assertRow, makeCorpus, type TableRow } from './support/search-table.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Oldest first: each article is a minute newer than the one before, so ties go to the later ones. */
const CORPUS = {
  // The codes, each in the body only, older than every article that has their parts apart.
  nq22: { title: 'Học tập chuyên đề năm nay', body: 'Quán triệt Nghị quyết 22-NQ/TW về hội nhập quốc tế.' },
  nd42: { title: 'Cổng thông tin điện tử', body: 'Thực hiện Nghị định số 42/2022/NĐ-CP của Chính phủ.' },
  kh15: { title: 'Chuyển đổi số năm 2024', body: 'Theo Kế hoạch 15/KH-SKHCN của Sở.' },
  ai: { title: 'Ứng dụng trí tuệ nhân tạo trong y tế', body: 'Bệnh viện thử nghiệm chẩn đoán hình ảnh.' },
  ai_other: { title: 'Trí tuệ nhân dân là sức mạnh', body: 'Bài bình luận.' },
  tue: { title: 'Trí nhớ và nhân cách', body: 'Tuệ Tĩnh là danh y.' },
  date_padded: { title: 'Lễ khai giảng', body: 'Buổi lễ diễn ra ngày 23/05/2018 tại hội trường.' },
  date_plain: { title: 'Hội thao ngành', body: 'Khai mạc hôm 23/5/2018 với nhiều môn thi.' },
  date_words: { title: 'Hội chợ nông sản', body: 'Hội chợ mở cửa ngày 23 tháng 5 năm 2018 ở quảng trường.' },
  date_other_day: { title: 'Ngày hội đọc sách', body: 'Tổ chức ngày 13/5/2018.' },
  date_june: { title: 'Giải chạy mùa hè', body: 'Xuất phát sáng 23/06/2018.' },
  nam: { title: 'Trồng nấm rơm ở đồng bằng', body: 'Nông dân thu lãi khá.' },
  // Newer: the same numbers and letters, apart.
  nq22_apart: {
    title: '22 đại biểu dự hội nghị',
    body: 'Hội nghị quán triệt Nghị quyết 12-NQ/TW, cấp ủy báo cáo TW.',
  },
  nd42_apart: {
    title: '42 hộ dân nhận hỗ trợ năm 2022',
    body: 'Theo Nghị định 15/2020/NĐ-CP, mỗi hộ nhận tiền; CP là viết tắt chi phí.',
  },
  kh15_apart: { title: '15 sáng kiến được khen', body: 'Kế hoạch KH của SKHCN giao cho 3 đơn vị.' },
} as const;
type Key = keyof typeof CORPUS;

const CASES: Array<TableRow<Key>> = [
  // A document code typed with spaces.
  { q: '22 NQ TW', first: ['nq22'], has: ['nq22_apart'], why: 'code with spaces ranks above its parts apart' },
  { q: '22 nq tw', first: ['nq22'], why: 'the same, lower case' },
  { q: '42 2022 ND CP', first: ['nd42'], has: ['nd42_apart'], why: 'code with a year, spaces' },
  { q: '42 2022 NĐ CP', first: ['nd42'], has: ['nd42_apart'], why: 'with Đ as written in the code' },
  { q: '15 KH SKHCN', first: ['kh15'], has: ['kh15_apart'], why: 'a department code' },
  { q: 'nghị quyết 22 NQ TW', first: ['nq22'], why: 'code with spaces after the kind in words' },
  // A one-letter last word.
  { q: 'trí tuệ nhân t', first: ['ai'], why: 'one letter is a prefix' },
  { q: 'tri tue nhan t', first: ['ai'], why: 'the same, folded' },
  { q: 'trí tuệ nhân s', first: ['ai_other'], not: ['ai', 'tue'], why: 'the letter decides' },
  { q: 'nhân cách t', first: ['tue'], not: ['ai', 'ai_other'], why: 'the earlier words narrow the set' },
  { q: 'trồng nấm r', first: ['nam'], why: 'one letter after two words' },
  { q: 'ứng dụng t', first: ['ai'], why: 'one letter after a two-syllable word' },
  { q: 'trí tuệ nhân x', not: Object.keys(CORPUS) as Key[], why: 'a letter nothing continues with' },
  // Operator words and stray syntax.
  { q: 'nấm OR', first: ['nam'], why: 'trailing OR' },
  { q: 'OR nấm', first: ['nam'], why: 'leading OR' },
  { q: 'nấm AND', first: ['nam'], why: 'trailing AND' },
  { q: 'NOT nấm', first: ['nam'], why: 'leading NOT' },
  { q: 'nấm -', first: ['nam'], why: 'a lone minus' },
  { q: '"nấm rơm', first: ['nam'], why: 'unbalanced quote' },
  { q: 'nấm *', first: ['nam'], why: 'a bare star' },
  { q: '(nấm) [rơm]', first: ['nam'], why: 'brackets' },
  { q: 'trồng OR nấm AND', first: ['nam'], why: 'operators between and after words' },
  { q: '{nấm} OR', first: ['nam'], why: 'braces and an operator' },
  // Dates and numbers written in several ways.
  {
    q: '23/5/2018',
    has: ['date_padded', 'date_plain', 'date_words'],
    not: ['date_other_day', 'date_june'],
    why: 'unpadded finds padded',
  },
  {
    q: '23/05/2018',
    has: ['date_padded', 'date_plain', 'date_words'],
    not: ['date_other_day', 'date_june'],
    why: 'padded finds unpadded',
  },
  { q: '23-5-2018', has: ['date_padded', 'date_plain', 'date_words'], why: 'dashes' },
  {
    q: '5/2018',
    has: ['date_padded', 'date_plain', 'date_words', 'date_other_day'],
    not: ['date_june'],
    why: 'a month',
  },
  {
    q: '05/2018',
    has: ['date_padded', 'date_plain', 'date_words', 'date_other_day'],
    not: ['date_june'],
    why: 'a padded month',
  },
  {
    q: 'ngày 23 tháng 5 năm 2018',
    has: ['date_padded', 'date_plain', 'date_words'],
    not: ['date_other_day', 'date_june'],
    why: 'in words finds the numeric forms',
  },
  {
    q: 'tháng 05 năm 2018',
    has: ['date_padded', 'date_plain', 'date_words', 'date_other_day'],
    not: ['date_june'],
    why: 'month in words, padded',
  },
  { q: '023/05/2018', has: ['date_padded', 'date_plain'], why: 'leading zeros never matter' },
  { q: '015 KH SKHCN', first: ['kh15'], why: 'a padded code number' },
];

const ONLY_SYNTAX = ['OR', 'AND', 'NOT', 'OR AND NOT', '-', '*', '"', '( )', '[ ]', '{ }', '- * "', 'NOT -'];

for (const dialect of backends()) {
  describe(`query forms on ${dialect}`, () => {
    let t: TestApp;
    let keyOf = new Map<number, Key>();
    async function api(q: string) {
      const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, `${q}: ${res.body.slice(0, 300)}`);
      return res.json() as { total: number; results: Array<{ id: number }> };
    }

    before(async () => {
      t = await createTestApp(dialect);
      const news = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      keyOf = await makeCorpus(t.site, CORPUS, () => news);
    });
    after(() => t.close());

    for (const row of CASES) {
      test(`${JSON.stringify(row.q)}: ${row.why}`, async () => {
        assertRow(
          row,
          (await api(row.q)).results.map((r) => keyOf.get(r.id) ?? `#${r.id}`),
        );
      });
    }

    test('a query of operators and syntax alone shows the empty-query page', async () => {
      for (const q of ONLY_SYNTAX) {
        const body = await api(q);
        assert.equal(body.total, 0, q);
        const page = await t.app.inject(`/tim-kiem?q=${encodeURIComponent(q)}`);
        assert.equal(page.statusCode, 200, q);
        assert.ok(page.body.includes(m.search.empty), `${q}: the empty-query text`);
        assert.ok(!page.body.includes(m.search.none), `${q}: not "nothing found"`);
      }
    });

    test('a date typed either way is highlighted as written', async () => {
      const page = await t.app.inject(`/tim-kiem?q=${encodeURIComponent('23/5/2018')}`);
      assert.ok(page.body.includes('<mark>23</mark>/<mark>05</mark>/<mark>2018</mark>'), 'the padded date');
      assert.ok(page.body.includes('<mark>23</mark>/<mark>5</mark>/<mark>2018</mark>'), 'the plain date');
    });
  });
}
