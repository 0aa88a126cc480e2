/**
 * A small CSV reader for the lists staff download and re-save with Excel or LibreOffice: UTF-8
 * with or without BOM, CRLF or LF, quoted cells (with "" inside and line breaks), and the comma,
 * semicolon or tab separator (Excel on a Vietnamese Windows saves with ";"). No dependency: the
 * files are small (a few hundred rows) and a library would add weight for nothing.
 */
export interface CsvRow {
  /** Line of the file where the row starts (1-based), for error messages staff can act on. */
  line: number;
  cells: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const SEPARATORS = [',', ';', '\t'] as const;
type Separator = (typeof SEPARATORS)[number];

/** The separator used most on one of the first lines (title lines above the header have none). */
function detectSeparator(text: string): Separator {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 10);
  let best: Separator = ',';
  let bestCount = 0;
  for (const line of lines) {
    for (const sep of SEPARATORS) {
      const count = countOutsideQuotes(line, sep);
      if (count > bestCount) {
        best = sep;
        bestCount = count;
      }
    }
  }
  return best;
}

function countOutsideQuotes(line: string, sep: Separator): number {
  let count = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) count++;
  }
  return count;
}

/** Every row of the text, empty rows left out. Throws CsvError on an unclosed quote. */
export function parseCsv(input: string): CsvRow[] {
  const text = input.replace(/^\uFEFF/, '');
  const sep = detectSeparator(text);
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowStart, cells: cells.map((c) => c.trim()) });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowStart = line;
    } else cell += ch;
  }
  if (quoted) throw new CsvError(rowStart, 'unclosed quote');
  endRow();
  return rows;
}
