import { Node, mergeAttributes } from '@tiptap/core';

/** The choices an editor has for an image's place and width; public and editor CSS style these classes. */
export const ALIGNS = ['center', 'left', 'right'] as const;
export const SIZES = ['full', 'medium', 'small'] as const;
export type Align = (typeof ALIGNS)[number];
export type Size = (typeof SIZES)[number];

/** The figure's classes; the defaults (centred, full width) need none, so plain figures stay plain. */
export function figureClasses(align: Align, size: Size): string | null {
  const classes = [align === 'center' ? '' : `align-${align}`, size === 'full' ? '' : `size-${size}`].filter(Boolean);
  return classes.length ? classes.join(' ') : null;
}

function pick<T extends string>(el: HTMLElement, prefix: string, choices: readonly T[]): T {
  return choices.find((c) => el.classList.contains(`${prefix}-${c}`)) ?? choices[0]!;
}

/**
 * An image with its caption, as <figure><img><figcaption>. Images live only
 * inside figures.
 */
export const FigureImage = Node.create({
  name: 'figureImage',
  atom: true,
  draggable: false,
  addAttributes() {
    const attr = (name: string) => ({ default: null, parseHTML: (el: HTMLElement) => el.getAttribute(name) });
    return {
      src: attr('src'),
      srcset: attr('srcset'),
      sizes: attr('sizes'),
      width: attr('width'),
      height: attr('height'),
      // alt="" is a choice (a decorative image) and is kept; a missing alt stays missing until someone writes one.
      alt: attr('alt'),
    };
  },
  // Only the site's own media: an image pasted from another site is left out here, as the server would drop it.
  parseHTML: () => [
    {
      tag: 'img[src]',
      getAttrs: (el: HTMLElement) => ((el.getAttribute('src') ?? '').startsWith('/media/') ? null : false),
    },
  ],
  renderHTML: ({ HTMLAttributes }) => ['img', mergeAttributes(HTMLAttributes, { loading: 'lazy' })],
});

export const FigureCaption = Node.create({
  name: 'figureCaption',
  content: 'text*',
  marks: 'bold italic',
  parseHTML: () => [{ tag: 'figcaption' }],
  renderHTML: () => ['figcaption', 0],
});

export const Figure = Node.create({
  name: 'figure',
  group: 'block',
  content: 'figureImage figureCaption',
  draggable: true,
  isolating: true,
  addAttributes: () => ({
    align: { default: 'center', parseHTML: (el: HTMLElement) => pick(el, 'align', ALIGNS), renderHTML: () => ({}) },
    size: { default: 'full', parseHTML: (el: HTMLElement) => pick(el, 'size', SIZES), renderHTML: () => ({}) },
  }),
  // A figure without one of the site's own images (pasted from elsewhere) is no figure: paste.ts keeps its caption as text.
  parseHTML: () => [
    { tag: 'figure', getAttrs: (el: HTMLElement) => (el.querySelector('img[src^="/media/"]') ? null : false) },
  ],
  renderHTML: ({ node }) => {
    const classes = figureClasses(node.attrs.align as Align, node.attrs.size as Size);
    return ['figure', classes ? { class: classes } : {}, 0];
  },
});
