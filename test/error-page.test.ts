import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp } from './support/test-app.js';

test('a 500 is a Vietnamese page with an incident id that is also in the log, never a stack trace', async () => {
  const lines: string[] = [];
  const t = await createTestApp('sqlite', {
    logger: { level: 'error', stream: { write: (line: string) => void lines.push(line) } },
  });
  try {
    // A database that has gone away is the most ordinary unexpected failure.
    await t.database.handle.destroy();
    const page = await t.app.inject('/');
    assert.equal(page.statusCode, 500);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /Hệ thống gặp sự cố khi xử lý yêu cầu của bạn/);
    const incident = /Mã sự cố: ([\w-]+)\./.exec(page.body)?.[1];
    assert.ok(incident, 'the page names its incident');
    assert.ok(!/\bat [\w.<>]+ \(|\.ts:\d+|Error:/.test(page.body), 'no stack trace or error text');
    const logged = lines
      .map((l) => JSON.parse(l) as { incident?: string; msg?: string; err?: { stack?: string } })
      .find((e) => e.incident === incident);
    assert.ok(logged, `the incident ${incident} is in the log`);
    assert.equal(logged.msg, 'unhandled error');
    assert.ok(logged.err?.stack, 'with the stack, for the operator');
  } finally {
    await t.close();
  }
});
