// Stack traces name the .ts lines, through the source maps the build writes next to dist/.
// Node's own support (process.setSourceMapsEnabled) reads every module's map and measures its
// lines as the module loads, at every start; here a map is read only when a stack trace first
// passes through its file, which most processes never do.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/', import.meta.url).href;
/** A compiled file's map, or null when it has none; by file URL. */
const maps = new Map();

function mapOf(fileUrl) {
  let map = maps.get(fileUrl);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(new URL(`${fileUrl}.map`), 'utf8')));
    } catch {
      map = null;
    }
    maps.set(fileUrl, map);
  }
  return map;
}

/** "src/…/x.ts:line:column" for a place in a compiled file, or null when its map does not know it. */
function original(fileUrl, line, column) {
  const entry = mapOf(fileUrl)?.findEntry(line - 1, column - 1);
  if (!entry?.originalSource) return null;
  const source = path.resolve(path.dirname(fileURLToPath(fileUrl)), entry.originalSource);
  return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
}

function frame(site) {
  const text = String(site);
  const file = site.getFileName();
  if (!file?.startsWith(dist)) return text;
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const place = line && column ? original(file, line, column) : null;
  return place ? text.replace(`${file}:${line}:${column}`, place) : text;
}

Error.prepareStackTrace = (error, sites) => {
  let head;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = '<error>';
  }
  try {
    return head + sites.map((site) => `\n    at ${frame(site)}`).join('');
  } catch {
    // A trace must never fail for its mapping: the compiled places then.
    return head + sites.map((site) => `\n    at ${site}`).join('');
  }
};
