import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';

/*
 * A WordPress export (WXR 1.1 / 1.2) read as a stream: one <item> at a time is
 * held in memory, whatever the size of the file. A DOCTYPE is refused outright:
 * it is the only way to declare entities, so refusing it refuses entity
 * expansion ("billion laughs") and external entities (XXE) alike, and WXR has none.
 */

export class WxrError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

export interface WxrCategory {
  termId: number;
  slug: string;
  parentSlug: string;
  name: string;
  description: string;
}

export interface WxrTag {
  termId: number;
  slug: string;
  name: string;
}

export interface WxrAuthor {
  id: number;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

export interface WxrComment {
  id: number;
  author: string;
  email: string;
  url: string;
  date: string;
  dateGmt: string;
  content: string;
  approved: string;
  type: string;
  parent: number;
}

export interface WxrItem {
  /** Where the <item> starts, for messages. */
  line: number;
  title: string;
  link: string;
  creator: string;
  content: string;
  excerpt: string;
  id: number;
  date: string;
  dateGmt: string;
  name: string;
  status: string;
  parent: number;
  type: string;
  attachmentUrl: string;
  /** domain "category" or "post_tag", with the term's slug (nicename) and name. */
  terms: { domain: string; slug: string; name: string }[];
  meta: Map<string, string>;
  comments: WxrComment[];
}

export interface WxrHandlers {
  channel?: (field: string, value: string) => void;
  category?: (c: WxrCategory) => void;
  tag?: (t: WxrTag) => void;
  author?: (a: WxrAuthor) => void;
  item?: (item: WxrItem) => void;
}

const int = (s: string | undefined) => {
  const n = Number.parseInt(s ?? '', 10);
  return Number.isSafeInteger(n) ? n : 0;
};

function newItem(line: number): WxrItem {
  return {
    line,
    title: '',
    link: '',
    creator: '',
    content: '',
    excerpt: '',
    id: 0,
    date: '',
    dateGmt: '',
    name: '',
    status: '',
    parent: 0,
    type: '',
    attachmentUrl: '',
    terms: [],
    meta: new Map(),
    comments: [],
  };
}

const ITEM_FIELDS: Record<string, (item: WxrItem, v: string) => void> = {
  title: (i, v) => (i.title = v),
  link: (i, v) => (i.link = v),
  'dc:creator': (i, v) => (i.creator = v),
  'content:encoded': (i, v) => (i.content = v),
  'excerpt:encoded': (i, v) => (i.excerpt = v),
  'wp:post_id': (i, v) => (i.id = int(v)),
  'wp:post_date': (i, v) => (i.date = v),
  'wp:post_date_gmt': (i, v) => (i.dateGmt = v),
  'wp:post_name': (i, v) => (i.name = v),
  'wp:status': (i, v) => (i.status = v),
  'wp:post_parent': (i, v) => (i.parent = int(v)),
  'wp:post_type': (i, v) => (i.type = v),
  'wp:attachment_url': (i, v) => (i.attachmentUrl = v),
};

const COMMENT_FIELDS: Record<string, (c: WxrComment, v: string) => void> = {
  'wp:comment_id': (c, v) => (c.id = int(v)),
  'wp:comment_author': (c, v) => (c.author = v),
  'wp:comment_author_email': (c, v) => (c.email = v),
  'wp:comment_author_url': (c, v) => (c.url = v),
  'wp:comment_date': (c, v) => (c.date = v),
  'wp:comment_date_gmt': (c, v) => (c.dateGmt = v),
  'wp:comment_content': (c, v) => (c.content = v),
  'wp:comment_approved': (c, v) => (c.approved = v),
  'wp:comment_type': (c, v) => (c.type = v),
  'wp:comment_parent': (c, v) => (c.parent = int(v)),
};

/** The element names under <channel> whose children are collected as one record. */
const CHANNEL_RECORDS = new Set(['wp:category', 'wp:tag', 'wp:author']);

/**
 * Reads the file, calling the handlers as each part is complete. Handlers may
 * queue work; `afterChunk` runs (and is awaited) after every chunk, so the
 * queue never holds more than a chunk's worth of items.
 */
export async function readWxr(
  file: string,
  handlers: WxrHandlers,
  afterChunk: () => Promise<void> = async () => {},
): Promise<{ items: number }> {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  const stack: string[] = [];
  let text = '';
  let item: WxrItem | null = null;
  let comment: WxrComment | null = null;
  let meta: { key: string; value: string } | null = null;
  let record: Record<string, string> | null = null;
  let items = 0;
  let sawRss = false;
  let failure: WxrError | null = null;

  parser.on('error', (err) => {
    // saxes prefixes its messages with line:column; the caller gives FILE:LINE itself.
    failure ??= new WxrError(parser.line, err.message.replace(/^\d+:\d+: /, ''));
    throw failure;
  });
  parser.on('doctype', (doctype) => {
    // Reported where it starts: saxes tells us once it has read all of it.
    failure ??= new WxrError(
      parser.line - (doctype.match(/\n/g)?.length ?? 0),
      'DOCTYPE declarations are refused: entity expansion and external entities are not allowed in an import',
    );
    throw failure;
  });
  parser.on('text', (t) => (text += t));
  parser.on('cdata', (t) => (text += t));
  parser.on('opentag', (tag) => {
    const name = tag.name;
    if (stack.length === 0) {
      if (name !== 'rss') {
        failure = new WxrError(parser.line, `not a WordPress export: the root element is <${name}>, not <rss>`);
        throw failure;
      }
      sawRss = true;
    }
    stack.push(name);
    text = '';
    if (name === 'item' && !item) item = newItem(parser.line);
    else if (item && name === 'wp:comment') comment = { ...EMPTY_COMMENT };
    else if (item && name === 'wp:postmeta') meta = { key: '', value: '' };
    else if (item && name === 'category' && !comment) {
      const attr = (n: string) => String(tag.attributes[n] ?? '');
      item.terms.push({ domain: attr('domain'), slug: attr('nicename'), name: '' });
    } else if (!item && CHANNEL_RECORDS.has(name)) record = {};
  });
  parser.on('closetag', (tag) => {
    const name = tag.name;
    stack.pop();
    const value = text;
    text = '';
    if (item) {
      if (name === 'item') {
        items++;
        handlers.item?.(item);
        item = null;
      } else if (comment) {
        if (name === 'wp:comment') {
          item.comments.push(comment);
          comment = null;
        } else COMMENT_FIELDS[name]?.(comment, value);
      } else if (meta) {
        if (name === 'wp:postmeta') {
          item.meta.set(meta.key, meta.value);
          meta = null;
        } else if (name === 'wp:meta_key') meta.key = value;
        else if (name === 'wp:meta_value') meta.value = value;
      } else if (name === 'category') {
        const term = item.terms[item.terms.length - 1];
        if (term) term.name = value;
      } else if (stack[stack.length - 1] === 'item') ITEM_FIELDS[name]?.(item, value);
    } else if (record) {
      if (CHANNEL_RECORDS.has(name)) {
        emitRecord(name, record, handlers);
        record = null;
      } else record[name] = value;
    } else if (stack[stack.length - 1] === 'channel') handlers.channel?.(name, value);
  });

  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream) {
      parser.write(chunk as string);
      await afterChunk();
    }
    parser.close();
  } catch (err) {
    stream.destroy();
    if (failure) throw failure;
    throw err;
  }
  if (!sawRss) throw new WxrError(parser.line, 'the file is empty or holds no XML element');
  await afterChunk();
  return { items };
}

const EMPTY_COMMENT: WxrComment = {
  id: 0,
  author: '',
  email: '',
  url: '',
  date: '',
  dateGmt: '',
  content: '',
  approved: '',
  type: '',
  parent: 0,
};

function emitRecord(name: string, r: Record<string, string>, h: WxrHandlers) {
  if (name === 'wp:category')
    h.category?.({
      termId: int(r['wp:term_id']),
      slug: r['wp:category_nicename'] ?? '',
      parentSlug: r['wp:category_parent'] ?? '',
      name: r['wp:cat_name'] ?? '',
      description: r['wp:category_description'] ?? '',
    });
  else if (name === 'wp:tag')
    h.tag?.({ termId: int(r['wp:term_id']), slug: r['wp:tag_slug'] ?? '', name: r['wp:tag_name'] ?? '' });
  else
    h.author?.({
      id: int(r['wp:author_id']),
      login: r['wp:author_login'] ?? '',
      email: r['wp:author_email'] ?? '',
      displayName: r['wp:author_display_name'] ?? '',
      firstName: r['wp:author_first_name'] ?? '',
      lastName: r['wp:author_last_name'] ?? '',
    });
}
