// The article editor, bundled by scripts/build.js into a content-hashed
// asset. It enhances a plain form: without JavaScript the body is a textarea
// of HTML and the form still saves. All words come from the page (vi.ts).
import { Editor, Extension } from '@tiptap/core';
import Link from '@tiptap/extension-link';
import { TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import { countWords, readingMinutes } from '../text-stats.js';
import { Figure, FigureCaption, FigureImage } from './figure.js';
import { wireImageDialog } from './image-dialog.js';
import { wireLinkDialog } from './link-dialog.js';
import { cleanPastedHtml } from './paste.js';
import { PlainTable, withTableHeads } from './table-html.js';
import { wireToolbar } from './toolbar.js';

const AUTOSAVE_DELAY_MS = 3000;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

function mount(root: HTMLElement): void {
  const form = root.closest('form')!;
  const source = root.querySelector<HTMLTextAreaElement>('[data-editor-source]')!;
  const area = root.querySelector<HTMLElement>('[data-editor-area]')!;
  const stats = root.querySelector<HTMLElement>('[data-editor-stats]');
  const status = root.querySelector<HTMLElement>('[data-editor-status]');

  const editor = new Editor({
    element: area,
    // The page's CSP allows no inline styles; the editor's CSS is in admin.css.
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3] },
        code: false,
        codeBlock: false,
        // No empty paragraph forced after the last block: it would be saved as <p></p>.
        trailingNode: false,
        link: false,
      }),
      // Words typed right after a link are not part of it, as in CKEditor and WordPress.
      Link.extend({ inclusive: () => false }).configure({
        openOnClick: false,
        autolink: true,
        protocols: ['http', 'https', 'mailto', 'tel'],
        // The link dialog sets target and rel ("open in a new tab"); a plain link has neither.
        HTMLAttributes: { target: null, rel: null },
      }),
      PlainTable,
      TableRow,
      TableHeader,
      TableCell,
      Figure,
      FigureImage,
      FigureCaption,
      Extension.create({
        name: 'linkDialogShortcut',
        addKeyboardShortcuts: () => ({
          'Mod-k': () => {
            openLink();
            return true;
          },
        }),
      }),
    ],
    content: source.value,
    editorProps: {
      transformPastedHTML: cleanPastedHtml,
      attributes: {
        class: 'editor-content article-body',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': source.id + '-label',
      },
    },
  });
  source.hidden = true;
  root.classList.add('is-enhanced');

  const sync = () => {
    source.value = editor.isEmpty ? '' : withTableHeads(editor.getHTML());
    if (stats) {
      const words = countWords(editor.getText({ blockSeparator: '\n' }));
      stats.textContent = fill(stats.dataset.template ?? '', { words, minutes: readingMinutes(words) });
    }
  };
  sync();

  let timer: number | undefined;
  let stopped = false;
  const scheduleAutosave = () => {
    if (form.dataset.autosaveUrl && !stopped) {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void autosave(), AUTOSAVE_DELAY_MS);
    }
  };
  editor.on('update', () => {
    sync();
    scheduleAutosave();
  });
  // Headline, sapo, byline, SEO fields and the rest are content too: they autosave (and reach the preview) like the body.
  // Selects and checkboxes fire 'input' too; the body has its own event above, and an upload inserts into the body.
  form.addEventListener('input', (event) => {
    const target = event.target as HTMLElement;
    const ownEvent = area.contains(target) || target.closest('dialog');
    if (!ownEvent && !(target instanceof HTMLInputElement && target.type === 'file')) scheduleAutosave();
  });
  const refreshPreview = wireLivePreview();
  form.addEventListener('submit', () => {
    window.clearTimeout(timer);
    sync();
  });

  const say = (key: string, values: Record<string, string> = {}) => {
    if (status) status.textContent = fill(status.dataset[key] ?? '', values);
  };

  async function autosave(): Promise<void> {
    say('msgSaving');
    const res = await fetch(form.dataset.autosaveUrl!, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    }).catch(() => null);
    if (!res) return say('msgOffline');
    const body = (await res.json().catch(() => ({}))) as {
      version?: number;
      savedAt?: string;
      error?: { message: string };
    };
    if (res.ok && body.version) {
      // Every form on the page (workflow buttons too) must now send the new version.
      document
        .querySelectorAll<HTMLInputElement>('input[name=version]')
        .forEach((input) => (input.value = String(body.version)));
      refreshPreview();
      return say('msgSaved', { time: new Date(body.savedAt ?? Date.now()).toLocaleTimeString('vi-VN') });
    }
    // A conflict stops autosaving: saving again would only fail again, and the text stays on screen.
    if (res.status === 409) stopped = true;
    say('msgError', { message: body.error?.message ?? '' });
  }

  const openLink = wireLinkDialog(editor, root.querySelector<HTMLDialogElement>('[data-link-dialog]')!);
  const images = wireImageDialog(
    editor,
    root.querySelector<HTMLDialogElement>('[data-image-dialog]')!,
    {
      url: form.dataset.uploadUrl ?? '',
      csrf: form.querySelector<HTMLInputElement>('input[name=_csrf]')?.value ?? '',
    },
    say,
  );
  wireToolbar(editor, root.querySelector<HTMLElement>('.editor-toolbar')!, { link: openLink, editImage: images.edit });
  const upload = root.querySelector<HTMLInputElement>('input[type=file][data-upload]');
  upload?.addEventListener('change', () => {
    const file = upload.files?.[0];
    upload.value = '';
    if (file) void images.insert(file);
  });
  // A double click on an image opens its dialog, as in the word processors editors know.
  area.addEventListener('dblclick', (event) => {
    if ((event.target as HTMLElement).closest('figure img')) images.edit();
  });
}

/**
 * The preview pane beside the form: opened on wide screens, reloaded after
 * each autosave at the place the reader of it had scrolled to. Returns the reload.
 */
function wireLivePreview(): () => void {
  const pane = document.querySelector<HTMLDetailsElement>('[data-live-preview]');
  const frame = pane?.querySelector('iframe');
  if (!pane || !frame) return () => undefined;
  if (pane.dataset.openWhen && window.matchMedia(pane.dataset.openWhen).matches) pane.open = true;
  const previewUrl = frame.src;
  let scrollY = 0;
  // Only our own preview can be read or scrolled: a link followed inside the frame may have led elsewhere.
  frame.addEventListener('load', () => {
    if (frame.contentDocument) frame.contentWindow?.scrollTo(0, scrollY);
  });
  return () => {
    if (!pane.open) return;
    scrollY = frame.contentDocument ? (frame.contentWindow?.scrollY ?? 0) : 0;
    // Setting src navigates even when it is unchanged, and always back to the preview.
    frame.src = previewUrl;
  };
}

document.querySelectorAll<HTMLElement>('[data-editor]').forEach(mount);
