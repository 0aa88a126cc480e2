import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { repoRoot } from '../core/repo-root.ts';

/** The content folder staff edit; tests and tools may point elsewhere. */
export const defaultContentDir = path.join(repoRoot, 'content');

/** A content file that is missing, not JSON, or fails its schema. The message names file and field. */
export class ContentError extends Error {}

function fieldOf(issue: z.core.$ZodIssue): string {
  return issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)';
}

/**
 * Reads and validates a JSON Lines content file (blank lines skipped); errors name the line.
 * `check` adds what the schema alone cannot know (e.g. that an id exists): a message, or nothing.
 */
export function readJsonLines<S extends z.ZodType>(file: string, schema: S, check?: (item: z.infer<S>) => string | undefined): z.infer<S>[] {
  const shown = path.relative(process.cwd(), file) || file;
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw new ContentError(`${shown}: file not found`);
  }
  const out: z.infer<S>[] = [];
  raw.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new ContentError(`${shown}: line ${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ContentError(`${shown}: line ${i + 1}: field ${fieldOf(parsed.error.issues[0]!)}: ${parsed.error.issues[0]!.message}`);
    const problem = check?.(parsed.data);
    if (problem) throw new ContentError(`${shown}: line ${i + 1}: ${problem}`);
    out.push(parsed.data);
  });
  return out;
}

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
    throw new ContentError(`${shown}: field ${fieldOf(issue)}: ${issue.message}`);
  }
  return parsed.data;
}
