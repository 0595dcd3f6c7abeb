import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditCsv, auditSentence } from './audit-sentences.js';

const entry = (over: Partial<Parameters<typeof auditSentence>[0]>) => ({
  id: 1,
  actor_id: 7,
  actor_name: 'Nguyễn Văn A',
  actor_role: 'editor',
  action: 'article.publish',
  entity_type: 'article',
  entity_id: 3,
  detail: 'Tin sáng',
  created_at: '2026-12-05T01:00:00.000Z',
  ...over,
});

test('entries read as sentences; an unknown action still does', () => {
  assert.equal(auditSentence(entry({})), 'Biên tập viên Nguyễn Văn A đã xuất bản bài “Tin sáng”.');
  assert.equal(
    auditSentence(entry({ action: 'article.return', detail: 'Tin sáng: Thiếu nguồn.' })),
    'Biên tập viên Nguyễn Văn A đã trả lại bài “Tin sáng” với ghi chú: Thiếu nguồn.',
  );
  assert.equal(
    auditSentence(entry({ action: 'article.restore_revision', detail: 'Tin sáng: 2' })),
    'Biên tập viên Nguyễn Văn A đã khôi phục bài “Tin sáng” về bản 2.',
  );
  // Written before the version was kept: the title alone.
  assert.equal(
    auditSentence(entry({ action: 'article.restore_revision', detail: 'Tin: sáng' })),
    'Biên tập viên Nguyễn Văn A đã khôi phục một phiên bản cũ của bài “Tin: sáng”.',
  );
  assert.equal(
    auditSentence(entry({ actor_id: null, actor_role: null, actor_name: 'Hệ thống', action: 'x.y', detail: 'z' })),
    'Hệ thống đã thực hiện một thao tác khác: z',
  );
  // A role change names the roles in Vietnamese, not by their codes; a detail it cannot read is still said.
  assert.equal(
    auditSentence(
      entry({ actor_role: 'admin', action: 'user.role_change', detail: 'mai@example.vn: author → editor' }),
    ),
    'Quản trị viên Nguyễn Văn A đã đổi vai trò của tài khoản mai@example.vn từ Phóng viên thành Biên tập viên.',
  );
  assert.equal(
    auditSentence(entry({ action: 'user.role_change', detail: 'mai@example.vn' })),
    'Biên tập viên Nguyễn Văn A đã đổi vai trò của tài khoản mai@example.vn.',
  );
  // An account called by its role is not named twice.
  assert.equal(auditSentence(entry({ actor_name: 'Biên tập viên' })), 'Biên tập viên đã xuất bản bài “Tin sáng”.');
});

test('CSV cells that start like a formula cannot run as one', () => {
  const csv = auditCsv([entry({ actor_name: '=HYPERLINK("http://x")' }), entry({ actor_name: '@SUM(1)' })]);
  assert.ok(csv.startsWith('\uFEFF'));
  assert.match(csv, /"'=HYPERLINK\(""http:\/\/x""\)"/);
  assert.match(csv, /"'@SUM\(1\)"/);
  assert.match(csv, /"08:00 05\/12\/2026"/);
});
