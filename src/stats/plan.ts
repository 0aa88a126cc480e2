import path from 'node:path';
import { defaultContentDir, readContentFile } from '../content/read.ts';
import { planFileSchema } from '../content/schema.ts';
import type { z } from 'zod';

export type Plan = z.infer<typeof planFileSchema>;

let cached: Plan | undefined;

/** The district plan's yearly targets (content/plan.json), read once: content is read-only. */
export function loadPlan(dir: string = defaultContentDir): Plan {
  if (dir !== defaultContentDir) return readContentFile(path.join(dir, 'plan.json'), planFileSchema);
  cached ??= readContentFile(path.join(dir, 'plan.json'), planFileSchema);
  return cached;
}
