import { createRequire } from 'node:module';
import type sanitizeHtml from 'sanitize-html';
import { MEDIA_URL } from '../media/media-urls.js';

// Images must come from the site's own media library: the files were checked
// and re-encoded on upload, and no reader's browser is sent to a third party.
function ownMediaImage(_tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const src = attribs.src ?? '';
  if (!MEDIA_URL.test(src)) return { tagName: 'img', attribs: {} };
  const kept: sanitizeHtml.Attributes = { src };
  const srcset = (attribs.srcset ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((entry) => {
      const [url, w, ...rest] = entry.split(/\s+/);
      return rest.length === 0 && MEDIA_URL.test(url ?? '') && /^\d{1,4}w$/.test(w ?? '');
    });
  if (srcset.length) kept.srcset = srcset.join(', ');
  for (const name of ['sizes', 'alt', 'width', 'height'] as const) {
    if (attribs[name] !== undefined) kept[name] = attribs[name];
  }
  kept.loading = 'lazy';
  return { tagName: 'img', attribs: kept };
}

// Every link gets rel=noopener; "open in a new tab" is the one target kept.
function link(_tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { target, ...rest } = attribs;
  return { tagName: 'a', attribs: { ...rest, rel: 'noopener', ...(target === '_blank' ? { target } : {}) } };
}

// The allowlist for staff-written article bodies: structure and links, no
// styles, no classes but the figure's placement, no scripts, no event handlers, no foreign embeds.
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'br',
    'hr',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'figure',
    'figcaption',
    'img',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
  },
  // The editor's image placement (site.css styles these); no other class survives.
  allowedClasses: {
    figure: ['align-left', 'align-center', 'align-right', 'size-small', 'size-medium', 'size-full'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  // An image that lost its src, or a figure left empty by that, is dropped whole.
  exclusiveFilter: (frame) =>
    (frame.tag === 'img' && !frame.attribs.src) ||
    (frame.tag === 'figure' && !frame.text.trim() && !frame.mediaChildren.length),
};

// sanitize-html (with postcss and htmlparser2) is loaded on the first article save, not at start.
const load = createRequire(import.meta.url);
let sanitizer: ((dirty: string) => string) | undefined;

export function sanitizeArticleHtml(dirty: string): string {
  if (!sanitizer) {
    const lib = load('sanitize-html') as typeof sanitizeHtml;
    const withTransforms = {
      ...options,
      transformTags: { a: link, img: ownMediaImage },
    };
    sanitizer = (html) => lib(html, withTransforms);
  }
  return sanitizer(dirty);
}
