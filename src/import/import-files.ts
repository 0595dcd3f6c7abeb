import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  ArticleInputError,
  saveArticle,
  saveArticlesIn,
  type ArticleDeps,
  type SavedArticle,
} from '../articles/articles.service.js';
import type { ArticleInput } from '../articles/articles.schema.js';
import type { Category } from '../categories/category-tree.js';
import { escapeHtml } from '../web/html.js';
import { decodeAs, decodeVietnameseText, repairMisencodedLines, type TextEncoding } from '../vi/legacy-encoding.js';
import { slugify } from '../vi/slug.js';
import { parsePlainTextArticle, type PlainTextArticle } from './plain-text-parser.js';

export type ImportOutcome =
  | { file: string; ok: true; article: SavedArticle; encoding: TextEncoding; warnings: ImportWarning[] }
  | { file: string; ok: false; line: number; message: string };

export interface ImportWarning {
  /** The line it is about, when it is about one. */
  line?: number;
  message: string;
}

/** Expands folders (recursively, .txt files only) and keeps explicit files whatever their name. */
export async function collectFiles(paths: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) missing.push(p);
    else if (info.isDirectory()) files.push(...(await walk(p)));
    else files.push(p);
  }
  return { files, missing };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.txt')) out.push(full);
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Below this share of well-formed syllables a legacy reading is refused rather than guessed. */
const MIN_PLAUSIBLE = 0.5;

/** A file read and parsed, ready to be written; or why it cannot be. */
export type PreparedFile =
  | { file: string; ok: true; input: ArticleInput; encoding: TextEncoding; warnings: ImportWarning[] }
  | { file: string; ok: false; line: number; message: string };

/**
 * One file, one transaction: a malformed file writes nothing. Files that are
 * not UTF-8 are read as TCVN3 or VNI when they look like it (or as `encoding`
 * says), with a warning when the guess is unsure.
 */
export async function importFile(
  deps: ArticleDeps,
  file: string,
  category: Category,
  opts: { encoding?: TextEncoding } = {},
): Promise<ImportOutcome> {
  const prepared = await prepareFile(file, category, opts);
  if (!prepared.ok) return prepared;
  try {
    return saved(prepared, await saveArticle(deps, prepared.input));
  } catch (err) {
    if (err instanceof ArticleInputError) return { file, ok: false, line: 1, message: err.message };
    throw err;
  }
}

/**
 * Many files in one transaction, written together (one statement per table, not per article): a
 * commit per file was most of an import's time, and then the statements were. A file the save
 * refuses is refused before it writes anything, so it needs no savepoint of its own (a savepoint
 * per file made SQLite's full-text index flush a segment per article, and cost more than the
 * commits it saved). If the batch cannot be written as a whole (the database stayed locked, the
 * disk filled, a constraint failed), each file is tried again in a transaction of its own, so that
 * one bad moment or file costs as few files as it must. Outcomes come in the order of `files`; an
 * error that was not the file's fault is returned as `Error` for the caller to report.
 */
export async function importBatch(
  deps: ArticleDeps,
  files: readonly PreparedFile[],
): Promise<(ImportOutcome | { file: string; error: Error })[]> {
  const ready = files.filter((f) => f.ok);
  let written: Map<string, ImportOutcome>;
  try {
    const tree = await deps.categories();
    written = await deps.db.kysely.transaction().execute(async (trx) => {
      const results = await saveArticlesIn(
        deps,
        trx,
        tree,
        ready.map((f) => f.input),
      );
      return new Map(
        ready.map((f, n) => {
          const r = results[n]!;
          return [
            f.file,
            r instanceof ArticleInputError ? { file: f.file, ok: false, line: 1, message: r.message } : saved(f, r),
          ];
        }),
      );
    });
  } catch {
    const out: (ImportOutcome | { file: string; error: Error })[] = [];
    for (const f of files) out.push(f.ok ? await oneByOne(deps, f) : f);
    return out;
  }
  if (ready.length) deps.contentChanged();
  return files.map((f) => (f.ok ? written.get(f.file)! : f));
}

async function oneByOne(
  deps: ArticleDeps,
  f: Extract<PreparedFile, { ok: true }>,
): Promise<ImportOutcome | { file: string; error: Error }> {
  try {
    return saved(f, await saveArticle(deps, f.input));
  } catch (err) {
    if (err instanceof ArticleInputError) return { file: f.file, ok: false, line: 1, message: err.message };
    return { file: f.file, error: err instanceof Error ? err : new Error(String(err)) };
  }
}

function saved(f: Extract<PreparedFile, { ok: true }>, article: SavedArticle): ImportOutcome {
  return { file: f.file, ok: true, article, encoding: f.encoding, warnings: f.warnings };
}

/** Reads, decodes and parses one file; nothing is written. */
export async function prepareFile(
  file: string,
  category: Category,
  opts: { encoding?: TextEncoding } = {},
): Promise<PreparedFile> {
  // Read whole and at once: the asynchronous read's four round trips through the thread pool cost more than the read.
  const bytes = readFileSync(file);
  let text: string;
  let encoding: TextEncoding;
  const warnings: ImportWarning[] = [];
  if (opts.encoding) {
    encoding = opts.encoding;
    try {
      text = decodeAs(bytes, encoding);
    } catch {
      return { file, ok: false, line: lineOfFirstInvalidUtf8(bytes), message: 'the file is not valid UTF-8 text' };
    }
  } else {
    const decoded = decodeVietnameseText(bytes);
    if (decoded.encoding !== 'utf8' && decoded.plausibility < MIN_PLAUSIBLE) {
      return {
        file,
        ok: false,
        line: lineOfFirstInvalidUtf8(bytes),
        message:
          'the file is not valid UTF-8 text, nor recognisable TCVN3 or VNI (if it is, pass --encoding tcvn3 or vni)',
      };
    }
    ({ text, encoding } = decoded);
    if (!decoded.sure)
      warnings.push({
        message: `read as ${encoding.toUpperCase()}, but the encoding is unsure: check the text, or pass --encoding`,
      });
  }
  if (encoding === 'utf8') {
    // Paragraphs pasted from an old font into a Unicode file: converted where they are clearly so.
    const repaired = repairMisencodedLines(text);
    text = repaired.text;
    for (const r of repaired.repaired)
      warnings.push({
        line: r.line,
        message: `this paragraph was ${r.encoding.toUpperCase()} text in a UTF-8 file (pasted from an old font): converted`,
      });
  }
  const parsed = parsePlainTextArticle(text);
  if (!parsed.ok) return { file, ok: false, line: parsed.line, message: parsed.message };
  const a = parsed.article;
  // A one-paragraph article has a body and no sapo, rather than a sapo and no body.
  const [sapo, paragraphs] = a.paragraphs.length ? [a.sapo, a.paragraphs] : ['', [a.sapo]];
  return { file, ok: true, input: toArticleInput(a, sapo, paragraphs, category), encoding, warnings };
}

function toArticleInput(a: PlainTextArticle, sapo: string, paragraphs: string[], category: Category): ArticleInput {
  return {
    title: a.title,
    sapo,
    bodyHtml: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
    byline: a.byline ?? '',
    categoryId: category.id,
    tags: [],
    status: 'published',
    publishedAt: a.publishedAt,
    // The old site's identity of the article: its headline and time. Same file again → same key.
    importKey: `plain:${slugify(a.title)}:${a.publishedAt}`,
  };
}

function lineOfFirstInvalidUtf8(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        utf8.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
