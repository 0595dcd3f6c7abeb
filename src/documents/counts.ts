/**
 * View and download counts, gathered in memory and added in batches: a page
 * view costs no database write. A batch that cannot be written (the database
 * is away) is dropped, not retried forever.
 */
export interface CountSink {
  addCounts(documentId: number, views: number, downloads: number): Promise<void>;
  addFileDownloads(fileId: number, n: number): Promise<void>;
}

const FLUSH_MS = 5000;

export class DocumentCounts {
  private documents = new Map<number, { views: number; downloads: number }>();
  private files = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sink: CountSink,
    private readonly onError: (err: unknown) => void,
  ) {}

  view(documentId: number): void {
    this.entry(documentId).views++;
    this.schedule();
  }

  download(documentId: number, fileId: number): void {
    this.entry(documentId).downloads++;
    this.files.set(fileId, (this.files.get(fileId) ?? 0) + 1);
    this.schedule();
  }

  private entry(id: number) {
    let e = this.documents.get(id);
    if (!e) this.documents.set(id, (e = { views: 0, downloads: 0 }));
    return e;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** Writes what was counted so far; tests and shutdown call it. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const documents = this.documents;
    const files = this.files;
    this.documents = new Map();
    this.files = new Map();
    try {
      for (const [id, c] of documents) await this.sink.addCounts(id, c.views, c.downloads);
      for (const [id, n] of files) await this.sink.addFileDownloads(id, n);
    } catch (err) {
      this.onError(err);
    }
  }
}
