import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's folder (the one with package.json), found the same way whether the code runs
 * from source (`src/…` under tsx) or from the production build (`dist/src/…`): content files, the
 * console's static files and scripts/ stay where they are in the repository and are not copied.
 */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the running code');
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot();
