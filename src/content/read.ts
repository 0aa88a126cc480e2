import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';

/** The content folder staff edit; tests and tools may point elsewhere. */
export const defaultContentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content');

/** A content file that is missing, not JSON, or fails its schema. The message names file and field. */
export class ContentError extends Error {}

/** Reads and validates one JSON content file; throws ContentError naming the file and the field. */
export function readContentFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  const shown = path.relative(process.cwd(), file) || file;
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw new ContentError(`${shown}: file not found`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ContentError(`${shown}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new ContentError(`${shown}: field ${field || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
