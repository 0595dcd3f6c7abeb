import { after } from 'node:test';

/**
 * Loaded into every test file's process by scripts/run-tests.js. A file whose
 * tests are done but which leaves a socket, server or timer open never exits,
 * and Node's runner waits for it for ever (a CI run once timed out that way).
 * Ten seconds after the last test, such a file names what still holds it and
 * exits with its own result, so the run goes on and the leak is visible.
 */
const GRACE_MS = 10_000;

after(() => {
  const timer = setTimeout(() => {
    const held = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap');
    console.error(
      `exit-watch: ${process.argv[1]} still running ${GRACE_MS / 1000} s after its last test, held by ${held.join(', ') || 'nothing named'}; exiting`,
    );
    process.exit();
  }, GRACE_MS);
  timer.unref();
});
