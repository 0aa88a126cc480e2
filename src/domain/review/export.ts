import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { readJsonLines } from '../../content/read.ts';
import { trainingLineSchema, type TrainingLine } from '../../content/schema.ts';
import { TrainingExamples } from './training-examples.ts';
import { textKey } from './text-key.ts';

export interface ExportSummary {
  file: string;
  /** Lines written in all. */
  lines: number;
  added: number;
  /** Lines whose FAQ entry staff changed since the last export. */
  updated: number;
  /** Staff examples left out because their FAQ entry is no longer in the content. */
  skipped: number;
}

/**
 * Merges staff examples into the lines of a training file: one line per wording (text-key.ts), the
 * database's FAQ entry winning for wordings staff changed their mind on, the file's order kept and
 * new wordings appended. Lines that are not staff examples (another `style`) are left as they are.
 */
export function mergeStaffLines(
  existing: readonly TrainingLine[],
  examples: readonly { faqId: string; text: string }[],
): { lines: TrainingLine[]; added: number; updated: number } {
  const lines = existing.map((l) => ({ ...l }));
  const at = new Map(lines.map((l, i) => [textKey(l.text), i] as const));
  let added = 0;
  let updated = 0;
  for (const e of examples) {
    const i = at.get(textKey(e.text));
    if (i === undefined) {
      at.set(textKey(e.text), lines.length);
      lines.push({ faq: e.faqId, text: e.text, style: 'staff' });
      added++;
    } else if (lines[i]!.faq !== e.faqId && lines[i]!.style === 'staff') {
      lines[i] = { ...lines[i]!, faq: e.faqId };
      updated++;
    }
  }
  return { lines, added, updated };
}

/** The file's lines, validated as content/training lines (none if there is no file yet). */
const readLines = (file: string): TrainingLine[] => (existsSync(file) ? readJsonLines(file, trainingLineSchema) : []);

/**
 * Writes the staff examples of the database to `file` (JSON lines `{"faq","text","style":"staff"}`),
 * merged with what the file already holds. Examples of FAQ entries no longer in the content are
 * skipped: content/training may only name existing entries, or start-up would refuse the content.
 * Written to a temporary file and renamed, so a failed run never leaves half a file.
 */
export async function exportStaffExamples(conn: Connection, file: string, faqIds: ReadonlySet<string>): Promise<ExportSummary> {
  const rows = await TrainingExamples(conn).find({}, { faqId: 1, text: 1 }).sort({ createdAt: 1, _id: 1 }).lean();
  const known = rows.filter((r) => faqIds.has(r.faqId));
  const { lines, added, updated } = mergeStaffLines(readLines(file), known);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : ''));
  renameSync(tmp, file);
  return { file, lines: lines.length, added, updated, skipped: rows.length - known.length };
}
