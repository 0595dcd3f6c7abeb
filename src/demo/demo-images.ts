/**
 * The demo articles' pictures, drawn here as SVG and rendered with sharp:
 * the demo site has images without downloading any, and without shipping
 * binary files. Each is a simple landscape of shapes in its category's
 * colours; the seed varies the composition so no two are alike.
 */
export const DEMO_IMAGE = { width: 1200, height: 750 } as const;
/** The drawing's own units, scaled to DEMO_IMAGE: big enough for a wide cover, small enough to seed quickly. */
const CANVAS = { width: 1600, height: 1000 } as const;

const PALETTES: Record<string, readonly [string, string, string, string]> = {
  'tin-tuc-su-kien': ['#0b3d91', '#3f7fd6', '#f2b134', '#e8eef8'],
  'khoa-hoc-cong-nghe': ['#0f5257', '#2a9d8f', '#e9c46a', '#e6f4f1'],
  'doi-moi-sang-tao': ['#5b2a86', '#9a48d0', '#f4a259', '#f3ebfa'],
  'thong-bao': ['#8c1c13', '#d1495b', '#edae49', '#fbeceb'],
};
const FALLBACK: readonly [string, string, string, string] = ['#1d3557', '#457b9d', '#f4a261', '#eef3f8'];

/** A small deterministic generator: the same seed draws the same picture on every start. */
function random(seed: number): () => number {
  let s = seed * 2654435761 + 1;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** A row of hills as a closed path along the bottom, `base` px from the top. */
function hills(rand: () => number, base: number, amplitude: number): string {
  const { width: w, height: h } = CANVAS;
  let d = `M0 ${h} L0 ${base}`;
  for (let x = 0; x < w; x += 200) {
    const y = base - amplitude * rand();
    d += ` Q${x + 100} ${y} ${x + 200} ${base - amplitude * 0.3 * rand()}`;
  }
  return `${d} L${w} ${h} Z`;
}

export function demoImageSvg(categorySlug: string, seed: number): string {
  const [deep, mid, accent, light] = PALETTES[categorySlug] ?? FALLBACK;
  const rand = random(seed + 1);
  const { width: w, height: h } = CANVAS;
  const sunX = Math.round(300 + rand() * 1000);
  const sunY = Math.round(220 + rand() * 180);
  const shapes: string[] = [];
  // Every other picture has a skyline or a chart in front of the hills: offices, factories, figures.
  if (seed % 3 === 0) {
    for (let x = 80; x < w - 80; x += 110 + Math.round(rand() * 60)) {
      const bh = 180 + Math.round(rand() * 360);
      shapes.push(`<rect x="${x}" y="${h - 260 - bh}" width="90" height="${bh}" fill="${deep}" opacity="0.85"/>`);
      for (let wy = h - 240 - bh; wy < h - 300; wy += 60)
        shapes.push(`<rect x="${x + 20}" y="${wy}" width="50" height="24" fill="${light}" opacity="0.5"/>`);
    }
  } else if (seed % 3 === 1) {
    for (let i = 0; i < 7; i++) {
      const bh = 120 + Math.round(rand() * 420);
      shapes.push(
        `<rect x="${240 + i * 170}" y="${h - 220 - bh}" width="110" height="${bh}" rx="10" fill="${i % 2 ? accent : mid}"/>`,
      );
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${DEMO_IMAGE.width}" height="${DEMO_IMAGE.height}" viewBox="0 0 ${w} ${h}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${mid}"/><stop offset="1" stop-color="${light}"/></linearGradient></defs>
<rect width="${w}" height="${h}" fill="url(#sky)"/>
<circle cx="${sunX}" cy="${sunY}" r="${110 + Math.round(rand() * 60)}" fill="${accent}" opacity="0.9"/>
<path d="${hills(rand, 700, 220)}" fill="${mid}" opacity="0.7"/>
${shapes.join('\n')}
<path d="${hills(rand, 820, 160)}" fill="${deep}"/>
</svg>`;
}

/** The picture as a JPEG for the media pipeline, which makes its WebP variants like any upload. */
export async function renderDemoImage(categorySlug: string, seed: number): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(demoImageSvg(categorySlug, seed)))
    .jpeg({ quality: 85 })
    .toBuffer();
}
