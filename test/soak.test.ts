import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReport, runSoak } from '../bench/soak.js';
import { backends } from './support/databases.js';

/*
 * The soak of `npm run soak`, shortened to ~30 s a database, faults included:
 * kill -9 and restart everywhere, on PostgreSQL also pg_terminate_backend and
 * a cut at a TCP proxy. It asserts counts only, never timings: no acknowledged
 * write lost, no 5xx but the 503s of a database cut, no exit of the server it
 * did not cause, and a write acknowledged after the faults.
 */
for (const dialect of backends()) {
  test(
    `a 30 s soak with faults on ${dialect} loses no acknowledged write and answers no unexpected 5xx`,
    { timeout: 240_000 },
    async (t) => {
      const report = await runSoak({ seconds: 30, dialect, log: (line) => t.diagnostic(line) });
      const summary = formatReport(report);
      for (const line of summary.split('\n')) t.diagnostic(line);
      const a = report.acknowledged;
      // The importer ran; whether its files got through beside the server is for the import tests to say.
      assert.ok(
        a.guestComments > 0 && a.readerComments > 0 && a.articles > 0 && a.publishes > 0 && report.importRuns > 0,
        `every kind of write happened:\n${summary}`,
      );
      assert.ok(
        report.faults.some((f) => f.kind.startsWith('kill -9')),
        'the server was killed and restarted',
      );
      if (dialect === 'postgres') {
        assert.ok(
          report.faults.some((f) => f.kind.startsWith('pg_terminate_backend')),
          'the connections were terminated',
        );
        assert.ok(
          report.faults.some((f) => f.kind === 'database connection cut'),
          'the connection was cut',
        );
      }
      assert.deepEqual(report.lost, [], summary);
      assert.deepEqual(report.unexpected5xx, [], summary);
      assert.deepEqual(report.unexpectedExits, [], summary);
      assert.ok(report.cameBack, summary);
    },
  );
}
