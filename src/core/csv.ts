import type { Writable } from 'node:stream';

/** Excel reads a UTF-8 file as UTF-8 (and shows "Nguyễn Thị Hoà" correctly) only with this mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * One CSV cell, quoted the way Excel expects. A text starting with = + - @ (or a tab/CR, which
 * Excel strips before looking) would be run as a formula when the file is opened; it gets a
 * leading apostrophe so it stays text.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvRow = (cells: readonly (string | number | boolean | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * Writes rows from an async source to `out`, waiting for 'drain' whenever the socket's buffer is
 * full, so a slow client never makes the process hold the whole export. Stops early (returning
 * the count so far) if the client goes away. Rows are sent in small chunks to spare syscalls.
 */
export async function pipeRows(rows: AsyncIterable<string>, out: Writable, chunkRows = 200): Promise<{ rows: number; complete: boolean }> {
  let count = 0;
  let chunk: string[] = [];
  const flush = async (): Promise<boolean> => {
    if (chunk.length === 0) return !out.destroyed;
    const ok = out.write(chunk.join(''));
    chunk = [];
    if (!ok && !out.destroyed) await drainOrClose(out);
    return !out.destroyed;
  };
  for await (const row of rows) {
    chunk.push(row);
    count++;
    if (chunk.length >= chunkRows && !(await flush())) return { rows: count, complete: false };
  }
  const complete = await flush();
  return { rows: count, complete };
}

/** Resolves when the stream can take more, or has closed; leaves no listener behind. */
function drainOrClose(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
