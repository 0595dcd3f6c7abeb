import sanitizeHtml from 'sanitize-html';

// The allowlist for staff-written article bodies: structure and links, no
// styles, no scripts, no event handlers, no foreign embeds.
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'br', 'hr',
    'blockquote', 'ul', 'ol', 'li', 'a', 'figure', 'figcaption', 'img',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener' }),
  },
};
options.allowedAttributes = { ...options.allowedAttributes, a: ['href', 'title', 'rel'] };

export function sanitizeArticleHtml(dirty: string): string {
  return sanitizeHtml(dirty, options);
}
