#!/usr/bin/env node
// Finds every *.test.ts under src/, test/ and bench/ and runs them with Node's
// own test runner (Node 20 cannot glob by itself). Extra arguments are passed
// through, e.g. `npm run test:only -- --test-name-pattern=slug`.
//
// Neither a hung test nor a file that leaks a handle may stall the run: every
// file loads test/support/exit-watch.ts (it exits a file that stays up after its
// last test, naming what held it), and --test-timeout fails whatever is still
// running after 5 minutes: on Node 20 it bounds each file, on later Nodes each
// test (the longest file takes under a minute here).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

function find(dir) {
  let out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') out = out.concat(find(full));
    else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = ['src', 'test', 'bench'].flatMap((d) => find(d)).sort();
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--import',
    './test/support/exit-watch.ts',
    '--test',
    '--test-timeout=300000',
    '--test-reporter=spec',
    '--test-concurrency=2',
    ...process.argv.slice(2),
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
