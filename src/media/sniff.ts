export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';
export type AttachmentType = 'pdf' | 'docx' | 'xlsx';

export type Sniffed = { kind: 'image'; format: ImageFormat } | { kind: 'attachment'; type: AttachmentType };

export const ATTACHMENT_MIME: Record<AttachmentType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function startsWith(buf: Buffer, bytes: readonly number[], at = 0): boolean {
  return buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * What a file is, from its first bytes and never from its name: a PHP script
 * called photo.jpg is text, so it matches nothing here.
 */
export function sniff(buf: Buffer): Sniffed | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', format: 'png' };
  if (startsWith(buf, ascii('GIF87a')) || startsWith(buf, ascii('GIF89a'))) return { kind: 'image', format: 'gif' };
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8)) return { kind: 'image', format: 'webp' };
  if (startsWith(buf, ascii('%PDF-'))) return { kind: 'attachment', type: 'pdf' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return sniffOfficeZip(buf);
  return null;
}

// DOCX and XLSX are ZIP files; the names of their parts (stored uncompressed in
// the ZIP directory) tell them apart from each other and from any other ZIP.
function sniffOfficeZip(buf: Buffer): Sniffed | null {
  const names = buf.toString('latin1');
  if (!names.includes('[Content_Types].xml')) return null;
  if (names.includes('word/document.xml')) return { kind: 'attachment', type: 'docx' };
  if (names.includes('xl/workbook.xml')) return { kind: 'attachment', type: 'xlsx' };
  return null;
}
