/*
 * A WordPress post body as HTML the article sanitiser can take: the shortcodes
 * we know become markup, the rest are counted and left as text, and bare line
 * breaks become paragraphs as WordPress's wpautop does when it shows a post.
 */
import { escapeHtml } from '../web/html.js';

/** What an upload URL became, or null when the file was not found in --uploads. */
export type UploadLookup = (url: string) => { img: (alt: string) => string; url: string } | null;

export interface ContentContext {
  /** The post's attachments' ids, for a [gallery] without ids. */
  attachmentsOf: (postId: number) => number[];
  attachmentUrl: (id: number) => string | undefined;
  upload: UploadLookup;
  /** Called once per unknown shortcode occurrence. */
  unknownShortcode: (name: string) => void;
  /** Called with the old address of an image whose file was missing. */
  missingUpload: (url: string) => void;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
};

/** Titles and excerpts are stored as text; WordPress keeps them with HTML entities. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Text of a bit of HTML: tags out, entities decoded, paragraph breaks kept as blank lines. */
export function htmlToText(s: string): string {
  return decodeEntities(
    s
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p>\s*/gi, '\n\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const attr = (attrs: string, name: string): string | undefined => {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
};

/** The shortcodes the importer turns into markup; any other name is reported. */
const KNOWN = new Set(['caption', 'wp_caption', 'gallery']);

/** Old upload URLs in <img> and <a>: images become our responsive markup, links point at the new file. */
function rewriteUploads(html: string, ctx: ContentContext): string {
  return html
    .replace(/<img\b([^>]*)>/gi, (tag, attrs: string) => {
      const src = attr(attrs, 'src');
      if (!src) return tag;
      const found = ctx.upload(decodeEntities(src));
      const alt = decodeEntities(attr(attrs, 'alt') ?? '');
      if (found) return found.img(alt);
      if (!/\/wp-content\/uploads\//.test(src)) return tag;
      ctx.missingUpload(src);
      // The sanitiser keeps only our own images, so a missing one stays reachable as a link to where it was.
      return `<a href="${escapeHtml(decodeEntities(src))}">${escapeHtml(alt || decodeEntities(src).split('/').pop()!)}</a>`;
    })
    .replace(
      /(<a\b[^>]*\bhref\s*=\s*)(["'])([^"']*\/wp-content\/uploads\/[^"']*)\2/gi,
      (whole, pre: string, q, href) => {
        const found = ctx.upload(decodeEntities(href as string));
        return found ? `${pre}${q}${escapeHtml(found.url)}${q}` : whole;
      },
    );
}

function figure(inner: string, caption: string): string {
  return `<figure>${inner.trim()}${caption ? `<figcaption>${caption.trim()}</figcaption>` : ''}</figure>`;
}

function replaceShortcodes(html: string, postId: number, ctx: ContentContext): string {
  // [caption attrs]<a><img></a> Caption text[/caption]; old exports put the text in caption="…".
  html = html.replace(
    /\[(?:wp_)?caption\b([^\]]*)\]([\s\S]*?)\[\/(?:wp_)?caption\]/gi,
    (_w, attrs: string, inner: string) => {
      const m = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(inner);
      const media = m ? m[1]! : '';
      const text = m ? m[2]! : inner;
      return figure(media, text.trim() || escapeHtml(decodeEntities(attr(attrs, 'caption') ?? '')));
    },
  );
  html = html.replace(/\[gallery\b([^\]]*)\]/gi, (_w, attrs: string) => {
    const ids = attr(attrs, 'ids');
    const list = ids
      ? ids
          .split(',')
          .map((s) => Number(s.trim()))
          .filter((n) => n > 0)
      : ctx.attachmentsOf(postId);
    return list
      .map((id) => ctx.attachmentUrl(id))
      .filter((u): u is string => !!u)
      .map((u) => figure(`<img src="${escapeHtml(u)}" alt="">`, ''))
      .join('\n');
  });
  for (const m of html.matchAll(/\[([a-z][\w-]*)(?=[\s\]/])[^\]]*\]/gi)) {
    const name = m[1]!.toLowerCase();
    if (!KNOWN.has(name)) ctx.unknownShortcode(name);
  }
  return html;
}

const BLOCK =
  /^<\/?(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|figcaption|table|thead|tbody|tfoot|tr|td|th|pre|hr|dl|dd|dt|section|article|aside|header|footer|address|form|fieldset|iframe|object|video|audio|details|summary)\b/i;

/** wpautop, in the part that matters for stored posts: blank lines make paragraphs, single breaks <br>. */
export function autop(html: string): string {
  const text = html.replace(/\r\n?/g, '\n').trim();
  if (!text) return '';
  return text
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK.test(chunk) ? chunk : `<p>${chunk.replace(/\s*\n\s*/g, '<br>\n')}</p>`))
    .join('\n');
}

/** The post body, ready for the article sanitiser. */
export function convertContent(raw: string, postId: number, ctx: ContentContext): string {
  // <!--more-->, <!--nextpage--> and Gutenberg's block comments carry no content.
  const withoutComments = raw.replace(/<!--[\s\S]*?-->/g, '');
  return autop(rewriteUploads(replaceShortcodes(withoutComments, postId, ctx), ctx));
}
