import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF as Chromium (Skia) writes it, without a PDF library:
 * objects in plain sight, Flate streams, Type0 fonts with ToUnicode maps,
 * glyphs shown with Tj/TJ. Enough to check what a printed page says, page by
 * page; not a general PDF reader (no object streams, no encryption).
 */
export function pdfPagesText(pdf: Buffer): string[] {
  const objects = readObjects(pdf);
  const cmaps = new Map<number, Map<string, string>>();
  const cmapOfFont = (fontId: number): Map<string, string> => {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontId)?.dict ?? '');
    if (!ref) return new Map();
    const id = Number(ref[1]);
    let map = cmaps.get(id);
    if (!map) cmaps.set(id, (map = parseCmap(objects.get(id)?.stream ?? '')));
    return map;
  };
  const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page\b/.test(o.dict));
  return pages.map((page) => {
    const resources = resolveDict(objects, page.dict, 'Resources');
    const fontDict = resolveDict(objects, resources, 'Font');
    const fonts = new Map<string, Map<string, string>>();
    for (const m of fontDict.matchAll(/\/([^\s/<>[\]]+)\s+(\d+) 0 R/g)) fonts.set(m[1]!, cmapOfFont(Number(m[2])));
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page.dict)?.[1] ?? '';
    const streams = [...contents.matchAll(/(\d+) 0 R/g)].map((m) => objects.get(Number(m[1]))?.stream ?? '');
    return streams.map((s) => showText(s, fonts)).join('');
  });
}

interface PdfObject {
  dict: string;
  /** Decoded stream bytes as latin1 text; empty when there is none. */
  stream: string;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\b/g)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const streamAt = body.search(/stream\r?\n/);
    if (streamAt === -1) {
      objects.set(Number(m[1]), { dict: body, stream: '' });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const dataStart = start + streamAt + (body[streamAt + 6] === '\r' ? 8 : 7);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? -1);
    const raw = length >= 0 ? pdf.subarray(dataStart, dataStart + length) : Buffer.alloc(0);
    const data = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    objects.set(Number(m[1]), { dict, stream: data.toString('latin1') });
  }
  return objects;
}

/** `/Key << … >>` inline, or `/Key N 0 R` pointing at an object whose body is that dictionary. */
function resolveDict(objects: Map<number, PdfObject>, dict: string, key: string): string {
  const ref = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  if (ref) return objects.get(Number(ref[1]))?.dict ?? '';
  const at = dict.indexOf(`/${key}`);
  if (at === -1) return '';
  const open = dict.indexOf('<<', at);
  let depth = 0;
  for (let i = open; i < dict.length - 1; i++) {
    if (dict.startsWith('<<', i)) {
      depth++;
      i++;
    } else if (dict.startsWith('>>', i)) {
      depth--;
      i++;
      if (depth === 0) return dict.slice(open, i + 1);
    }
  }
  return '';
}

const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');

function parseCmap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g))
      map.set(m[1]!.toLowerCase(), utf16(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g)) {
      const width = m[1]!.length;
      const from = parseInt(m[1]!, 16);
      const to = parseInt(m[2]!, 16);
      const targets = m[3]!.startsWith('[') ? [...m[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].map((t) => t[1]!) : null;
      for (let code = from; code <= to; code++) {
        const key = code.toString(16).padStart(width, '0');
        if (targets) map.set(key, utf16(targets[code - from] ?? ''));
        else {
          const base = m[3]!.slice(1, -1);
          const last = parseInt(base.slice(-4), 16) + (code - from);
          map.set(key, utf16(base.slice(0, -4) + last.toString(16).padStart(4, '0')));
        }
      }
    }
  }
  return map;
}

/**
 * Follows Tf to know the font and decodes the hex strings of Tj and TJ. Spacing is
 * positioning, not text, in a PDF: compare with whitespace removed (see squeeze).
 */
function showText(content: string, fonts: Map<string, Map<string, string>>): string {
  let out = '';
  let cmap = new Map<string, string>();
  let width = 4;
  const tokens = /\/([^\s/<>[\]()]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>/g;
  for (const m of content.matchAll(tokens)) {
    if (m[1] !== undefined) {
      cmap = fonts.get(m[1]) ?? new Map();
      width = cmap.keys().next().value?.length ?? 4;
    } else {
      for (let i = 0; i < m[2]!.length; i += width) out += cmap.get(m[2]!.slice(i, i + width).toLowerCase()) ?? '';
    }
  }
  return out;
}

/** Text without whitespace, NFC: how a test compares what a PDF shows with what the page said. */
export function squeeze(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, '');
}
