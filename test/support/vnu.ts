import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The Nu Html Checker from the vnu-jar package, run with the machine's Java (17+). */
const VNU_JAR = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

export interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  message: string;
  extract?: string;
  lastLine?: number;
}

/**
 * Checks several HTML documents with one JVM start (a start costs seconds):
 * returns each name's errors. A missing Java or checker fails the test
 * rather than skipping it (CI: openjdk-17-jre-headless).
 */
export async function checkHtml(pages: Record<string, string>): Promise<Record<string, VnuMessage[]>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-vnu-'));
  try {
    const files = Object.entries(pages).map(([name, html], i) => {
      const file = path.join(dir, `${i}.html`);
      writeFileSync(file, html);
      return { name, url: `file:${file}` };
    });
    const report = await new Promise<string>((resolve, reject) => {
      execFile(
        'java',
        // A short run: the quick compiler and the serial collector halve the JVM's CPU time; the quick
        // compiler's deeper stack frames need a larger thread stack than the checker's 512k minimum.
        [
          '-Xss4m',
          '-XX:TieredStopAtLevel=1',
          '-XX:+UseSerialGC',
          '-jar',
          VNU_JAR,
          '--format',
          'json',
          '--exit-zero-always',
          ...files.map((f) => f.url.slice('file:'.length)),
        ],
        { maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err)
            reject(
              new Error(`the Nu Html Checker did not run (is Java 17 installed?): ${err.message}\n${stdout}${stderr}`),
            );
          else resolve(stderr);
        },
      );
    });
    const { messages } = JSON.parse(report) as { messages: (VnuMessage & { url?: string })[] };
    const out: Record<string, VnuMessage[]> = {};
    for (const f of files) out[f.name] = [];
    for (const msg of messages) {
      if (msg.type === 'info') continue; // warnings and notes, not errors
      const file = files.find((f) => msg.url?.endsWith(f.url.slice('file:'.length)));
      if (!file) throw new Error(`the checker reported on no page: ${JSON.stringify(msg)}`);
      out[file.name]!.push(msg);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
