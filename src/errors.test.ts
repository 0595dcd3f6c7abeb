import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { AppError, idFromPath, parseOr400 } from './errors.js';
import { messages } from './messages/vi.js';

const schema = z.object({
  trang: z.string().regex(/^\d+$/, 'Số trang không hợp lệ.').optional(),
  // No message of its own: zod's English must not reach a reader.
  q: z.string().max(5).optional(),
});

test('parseOr400: a schema message wins; any other issue gets the Vietnamese fallback, never zod’s English', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom('trang', 'q', 'x'), fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()))),
      (query) => {
        try {
          parseOr400(schema, query);
        } catch (err) {
          assert.ok(err instanceof AppError);
          assert.equal(err.status, 400);
          assert.ok(
            ['Số trang không hợp lệ.', messages.errors.badRequest].includes(err.publicMessage),
            err.publicMessage,
          );
        }
      },
    ),
  );
  assert.throws(() => parseOr400(schema, { q: 'quá dài' }, 'Bộ lọc không hợp lệ.'), {
    publicMessage: 'Bộ lọc không hợp lệ.',
  });
  assert.throws(() => parseOr400(schema, { trang: 'x' }, 'Bộ lọc không hợp lệ.'), {
    publicMessage: 'Số trang không hợp lệ.',
  });
  assert.deepEqual(parseOr400(schema, { trang: '2' }), { trang: '2' });
});

test('idFromPath: anything but a positive id in range names nothing, so a 404', () => {
  assert.equal(idFromPath('42', 'Không có.'), 42);
  for (const raw of ['0', '-1', 'abc', '1.5', '99999999999', '']) {
    assert.throws(() => idFromPath(raw, 'Không có.'), { status: 404, publicMessage: 'Không có.' }, raw);
  }
});
