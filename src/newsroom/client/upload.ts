/** The image fields an uploaded file brings to the editor's figure. */
export interface UploadedImage {
  src: string | null;
  srcset: string | null;
  sizes: string | null;
  width: string | null;
  height: string | null;
}

/** Sends the chosen file as the raw request body; the server checks what it really is and answers with the figure. */
export async function uploadImage(
  url: string,
  csrf: string,
  file: File,
): Promise<{ image: UploadedImage } | { error: string }> {
  const res = await fetch(`${url}?ten=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    body: file,
    headers: { accept: 'application/json', 'content-type': 'application/octet-stream', 'x-csrf-token': csrf },
  }).catch(() => null);
  const body = res
    ? ((await res.json().catch(() => ({}))) as { figureHtml?: string; error?: { message: string } })
    : {};
  if (!res?.ok || !body.figureHtml) return { error: body.error?.message ?? '' };
  const box = document.createElement('template');
  box.innerHTML = body.figureHtml;
  const img = box.content.querySelector('img');
  const attr = (name: string) => img?.getAttribute(name) ?? null;
  return {
    image: {
      src: attr('src'),
      srcset: attr('srcset'),
      sizes: attr('sizes'),
      width: attr('width'),
      height: attr('height'),
    },
  };
}
