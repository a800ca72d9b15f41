/**
 * A small snapshot helper (Node 20's test runner has none): compares text with a file under
 * test/snapshots/, and rewrites the file instead when UPDATE_SNAPSHOTS=1. A missing snapshot
 * fails unless it is being written, so that a new snapshot is always reviewed once.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SNAPSHOT_DIR = join(__dirname, '..', 'snapshots');

export function matchSnapshot(name: string, actual: string): void {
  const path = join(SNAPSHOT_DIR, name);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `snapshot ${name} is missing: run UPDATE_SNAPSHOTS=1 npm run test:unit and review it`);
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `snapshot ${name} changed: review, then UPDATE_SNAPSHOTS=1 to accept`,
  );
}
