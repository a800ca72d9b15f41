/** Where the tests find the repository's seeds and the shared material beside the repository. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const SEEDS_DIR = join(REPO_ROOT, 'seeds');
export const SHARED_DIR = join(REPO_ROOT, '..', 'shared');
export const DIST_DIR = join(REPO_ROOT, 'dist');

export function seedFiles(): string[] {
  return readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort();
}

export function sharedAvailable(sub: string): boolean {
  return existsSync(join(SHARED_DIR, sub));
}
