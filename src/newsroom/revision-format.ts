import { diffArrays } from 'diff';
import { messages } from '../messages/vi.js';
import { decodeEntities } from './revision-diff.js';

const f = messages.newsroom.pages.format;

type Kind = keyof typeof f.kinds;
type Mark = keyof typeof f.marks;

/** One paragraph, heading, list item, quote or cell of a body, with the formatting an editor sets by hand. */
interface Block {
  kind: Kind;
  text: string;
  marks: Record<Mark, string[]>;
  links: { href: string; text: string }[];
}

const BLOCK_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'li', 'blockquote', 'figcaption', 'td', 'th', 'caption']);
const MARK_OF: Record<string, Mark> = {
  strong: 'bold',
  b: 'bold',
  em: 'italic',
  i: 'italic',
  u: 'underline',
  s: 'strike',
};
// Stored bodies went through the sanitiser: tags are well formed and text holds no raw '<'.
const TOKEN = /<(\/?)([a-z][a-z0-9]*)\b([^>]*)>|([^<]+)/gi;
const SNIPPET = 60;

/** What a block is, from the tags it sits in: a paragraph inside a list item is that item. */
function kindOf(open: readonly string[]): Kind {
  const inside = (tag: string) => open.includes(tag);
  for (const h of ['h2', 'h3', 'h4'] as const) if (inside(h)) return h;
  if (inside('li')) return 'li';
  if (inside('blockquote')) return 'quote';
  if (inside('td') || inside('th')) return 'cell';
  if (inside('figcaption') || inside('caption')) return 'caption';
  return 'p';
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The blocks of stored (sanitised) article HTML, in order; empty blocks are left out. */
export function blocksOf(html: string): Block[] {
  const blocks: Block[] = [];
  const open: string[] = [];
  let current: Block | null = null;
  let link: { href: string; text: string } | null = null;
  const finish = () => {
    if (current && squash(current.text)) {
      current.text = squash(current.text);
      for (const mark of Object.keys(current.marks) as Mark[])
        current.marks[mark] = current.marks[mark].map(squash).filter(Boolean);
      current.links = current.links.map((l) => ({ href: l.href, text: squash(l.text) }));
      blocks.push(current);
    }
    current = null;
  };
  const start = (): Block => {
    finish();
    current = { kind: kindOf(open), text: '', marks: { bold: [], italic: [], underline: [], strike: [] }, links: [] };
    return current;
  };
  for (const m of html.matchAll(TOKEN)) {
    const [, closing, rawTag, attrs, rawText] = m;
    if (rawText !== undefined) {
      const text = decodeEntities(rawText);
      const block: Block = current ?? start();
      block.text += text;
      for (const mark of new Set(open.map((tag) => MARK_OF[tag]))) {
        const runs = mark && block.marks[mark];
        // A run is opened with its tag; "<b>Hà <i>Nội</i></b>" is one bold phrase.
        if (runs) runs[runs.length - 1] += text;
      }
      if (link) link.text += text;
      continue;
    }
    const tag = rawTag!.toLowerCase();
    if (tag === 'br') {
      (current ?? start()).text += ' ';
      continue;
    }
    if (!closing) {
      const mark = MARK_OF[tag];
      if (mark && !open.some((t) => MARK_OF[t] === mark)) (current ?? start()).marks[mark].push('');
      open.push(tag);
      if (BLOCK_TAGS.has(tag)) start();
      if (tag === 'a') {
        link = { href: decodeEntities(/\bhref="([^"]*)"/i.exec(attrs ?? '')?.[1] ?? ''), text: '' };
        (current ?? start()).links.push(link);
      }
      continue;
    }
    const at = open.lastIndexOf(tag);
    if (at >= 0) open.splice(at);
    if (tag === 'a') link = null;
    // Text after a nested block (a quote's own line after its paragraph) is a block of its own.
    if (BLOCK_TAGS.has(tag)) finish();
  }
  finish();
  return blocks;
}

const EMPTY: Block = { kind: 'p', text: '', marks: { bold: [], italic: [], underline: [], strike: [] }, links: [] };

function snippet(text: string): string {
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET - 1).trimEnd()}…` : text;
}

/** What changed in one block's formatting, as sentences; `n` is its place in the newer body. */
function blockChanges(before: Block, after: Block, n: number): string[] {
  const out: string[] = [];
  if (before !== EMPTY && before.kind !== after.kind) out.push(f.becomes(n, f.kinds[after.kind], snippet(after.text)));
  for (const mark of Object.keys(f.marks) as Mark[]) {
    const was = new Set(before.marks[mark]);
    const is = new Set(after.marks[mark]);
    for (const text of is) if (!was.has(text)) out.push(f.marked(n, f.marks[mark], snippet(text)));
    for (const text of was) if (!is.has(text)) out.push(f.unmarked(n, f.marks[mark], snippet(text)));
  }
  for (const l of after.links) {
    const same = before.links.find((o) => o.text === l.text);
    if (same && same.href !== l.href) out.push(f.linkChanged(n, snippet(l.text), same.href, l.href));
    else if (!same && !before.links.some((o) => o.href === l.href)) out.push(f.linkAdded(n, l.href, snippet(l.text)));
  }
  for (const o of before.links) {
    if (!after.links.some((l) => l.text === o.text || l.href === o.href))
      out.push(f.linkRemoved(n, o.href, snippet(o.text)));
  }
  return out;
}

/**
 * The formatting changes between two bodies in plain Vietnamese ("Đoạn 3 thành
 * tiêu đề lớn: …", "Đoạn 2: thêm liên kết tới …"), which a word diff of the
 * text cannot show. Blocks are matched by their text; a block whose text was
 * edited is matched with the one that took its place.
 */
export function formattingChanges(beforeHtml: string, afterHtml: string): string[] {
  const before = blocksOf(beforeHtml);
  const after = blocksOf(afterHtml);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  let removed: Block[] = [];
  for (const change of diffArrays(
    before.map((b) => b.text),
    after.map((b) => b.text),
  )) {
    const count = change.count ?? change.value.length;
    if (change.removed) {
      removed = before.slice(i, i + count);
      i += count;
      continue;
    }
    if (change.added) {
      // An edited block pairs with the removed one in its place; a new block is compared with an empty one.
      for (let k = 0; k < count; k++) out.push(...blockChanges(removed[k] ?? EMPTY, after[j + k]!, j + k + 1));
      j += count;
      removed = [];
      continue;
    }
    for (let k = 0; k < count; k++) out.push(...blockChanges(before[i + k]!, after[j + k]!, j + k + 1));
    i += count;
    j += count;
    removed = [];
  }
  return out;
}
