/**
 * A second process writing to a SQLite file in a loop, as a busy server does
 * (run with `node --import tsx`; argument: the file). Each write is one short
 * transaction that reads then writes, the shape of a comment insert. A line
 * "hold MS" on stdin keeps the write lock for MS milliseconds (prints "holding",
 * then "released"); "release" lets it go sooner; "stop" ends it, printing the
 * number of rows written.
 */
import { createInterface } from 'node:readline';
import SqliteDatabase from 'better-sqlite3';

const db = new SqliteDatabase(process.argv[2]!);
db.pragma('busy_timeout = 5000');
db.exec('create table if not exists writer_rows (id integer primary key, n integer not null, at text not null)');
const last = db.prepare('select coalesce(max(n), 0) as n from writer_rows');
const insert = db.prepare('insert into writer_rows (n, at) values (?, ?)');
let written = 0;
let holding = false;
let stopped = false;
let release: NodeJS.Timeout | undefined;

function letGo(): void {
  if (!holding) return;
  db.exec('commit');
  holding = false;
  process.stdout.write('released\n');
}

function writeOne(): void {
  db.exec('begin immediate');
  const { n } = last.get() as { n: number };
  insert.run(n + 1, new Date().toISOString());
  db.exec('commit');
  written++;
}

function loop(): void {
  if (stopped) return;
  if (!holding) writeOne();
  // A short gap between writes, as between requests: the lock is free most of the time, but often taken.
  setTimeout(loop, 2);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, arg] = line.trim().split(' ');
  if (command === 'hold') {
    holding = true;
    db.exec('begin immediate');
    insert.run(-1, 'hold');
    process.stdout.write('holding\n');
    release = setTimeout(letGo, Number(arg));
  } else if (command === 'release') {
    clearTimeout(release);
    letGo();
  } else if (command === 'stop') {
    stopped = true;
    process.stdout.write(`written ${written}\n`);
    db.close();
    process.exit(0);
  }
});
writeOne();
process.stdout.write('ready\n');
loop();
