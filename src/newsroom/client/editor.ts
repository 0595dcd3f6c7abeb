// The article editor, bundled by scripts/build.js into a content-hashed
// asset. It enhances a plain form: without JavaScript the body is a textarea
// of HTML and the form still saves. All words come from the page (vi.ts).
import { Editor } from '@tiptap/core';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import { countWords, readingMinutes } from '../text-stats.js';
import { Figure, FigureCaption, FigureImage } from './figure.js';
import { cleanPastedHtml } from './paste.js';

// Plain <table><tbody>: the stock rendering adds a colgroup with inline min-width styles, which the CSP blocks.
const PlainTable = Table.extend({ renderHTML: () => ['table', ['tbody', 0]] }).configure({ resizable: false });

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
        // The server sets rel itself and allows no target; the editor should show what will be saved.
        link: {
          openOnClick: false,
          autolink: true,
          protocols: ['http', 'https', 'mailto', 'tel'],
          HTMLAttributes: { target: null, rel: null },
        },
      }),
      PlainTable,
      TableRow,
      TableHeader,
      TableCell,
      Figure,
      FigureImage,
      FigureCaption,
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
    source.value = editor.isEmpty ? '' : editor.getHTML();
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
    if (!area.contains(target) && !(target instanceof HTMLInputElement && target.type === 'file')) scheduleAutosave();
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

  const commands: Record<string, () => void> = {
    h2: () => editor.chain().focus().toggleHeading({ level: 2 }).run(),
    h3: () => editor.chain().focus().toggleHeading({ level: 3 }).run(),
    bold: () => editor.chain().focus().toggleBold().run(),
    italic: () => editor.chain().focus().toggleItalic().run(),
    bulletList: () => editor.chain().focus().toggleBulletList().run(),
    orderedList: () => editor.chain().focus().toggleOrderedList().run(),
    blockquote: () => editor.chain().focus().toggleBlockquote().run(),
    table: () => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    link: () => {
      const href = window.prompt(root.dataset.linkPrompt ?? 'URL', editor.getAttributes('link').href ?? 'https://');
      if (href === null) return;
      const chain = editor.chain().focus().extendMarkRange('link');
      (href.trim() ? chain.setLink({ href: href.trim() }) : chain.unsetLink()).run();
    },
    undo: () => editor.chain().focus().undo().run(),
    redo: () => editor.chain().focus().redo().run(),
  };
  root.querySelectorAll<HTMLButtonElement>('button[data-cmd]').forEach((button) => {
    button.addEventListener('click', () => commands[button.dataset.cmd!]?.());
  });

  wireUpload(
    root,
    form.dataset.uploadUrl,
    form.querySelector<HTMLInputElement>('input[name=_csrf]')?.value,
    say,
    (figure) => {
      // The caption is typed in place, so the figure arrives with an empty one and the cursor goes there.
      const from = editor.state.selection.from;
      editor
        .chain()
        .focus()
        .insertContent(
          figure.includes('<figcaption') ? figure : figure.replace('</figure>', '<figcaption></figcaption></figure>'),
        )
        .run();
      let caption = -1;
      editor.state.doc.nodesBetween(from, editor.state.selection.to, (node, pos) => {
        if (caption < 0 && node.type.name === 'figureCaption') caption = pos + 1;
      });
      if (caption >= 0) editor.commands.setTextSelection(caption);
    },
  );
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

/** Sends the chosen file as the raw request body; the server checks what it really is. */
function wireUpload(
  root: HTMLElement,
  url: string | undefined,
  csrf: string | undefined,
  say: (key: string, values?: Record<string, string>) => void,
  done: (figureHtml: string) => void,
): void {
  const input = root.querySelector<HTMLInputElement>('input[type=file][data-upload]');
  input?.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file || !url) return;
    say('msgUploading');
    const res = await fetch(`${url}?ten=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      body: file,
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream', 'x-csrf-token': csrf ?? '' },
    }).catch(() => null);
    const body = res
      ? ((await res.json().catch(() => ({}))) as { figureHtml?: string; error?: { message: string } })
      : {};
    input.value = '';
    if (!res?.ok) return say('msgError', { message: body.error?.message ?? '' });
    say('msgUploaded');
    done(body.figureHtml ?? '');
  });
}

document.querySelectorAll<HTMLElement>('[data-editor]').forEach(mount);
