import { Node, mergeAttributes } from '@tiptap/core';

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
  parseHTML: () => [{ tag: 'figure' }],
  renderHTML: () => ['figure', 0],
});
