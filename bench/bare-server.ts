// The baseline: plain node:http answering, for each path, that page's bytes from memory.
// A row that rotates over many URLs gets the same set of bodies the app sends, not one hot buffer for them all.
import { readFileSync } from 'node:fs';
import http from 'node:http';

/** A JSON file: { "/path": "file with that page's bytes", … }. */
const manifest = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Record<string, string>;
const bodies = new Map(Object.entries(manifest).map(([path, file]) => [path, readFileSync(file)]));
const server = http.createServer((req, res) => {
  const body = bodies.get(req.url ?? '');
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`running: http://127.0.0.1:${address.port}/`);
});
