/**
 * Recognition on the seeds with every registry entry that names a gold entity removed: how the
 * recogniser does on names it has never been told about — the best proxy we have for texts it
 * has not seen. Shared by `npm run bench` (which prints it) and the ceiling tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatJson } from '../../server/src/cli/lintOutput';
import { analyseDocument } from '../../server/src/core/analysis';
import { matchKey } from '../../server/src/core/registry/nameMatcher';
import { builtInRegistry, Registry } from '../../server/src/core/registry/registry';
import { type GoldFile, type PredictedFile, type Scores, scoreAgainstGold } from './goldScoring';
import { REPO_ROOT } from './paths';

export interface HeldOutRecognition {
  /** Registry entries kept, of all. */
  readonly kept: number;
  readonly total: number;
  readonly scores: Scores;
}

export function recognitionWithoutSeedNames(): HeldOutRecognition {
  const goldDir = join(REPO_ROOT, 'test', 'gold');
  const golds = readdirSync(goldDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as GoldFile);
  const goldNames = new Set(
    golds.flatMap((g) =>
      g.entities.filter((e) => ['agency', 'program', 'instrument'].includes(e.kind)).map((e) => matchKey(e.text)),
    ),
  );
  const full = builtInRegistry();
  const kept = full.entries.filter(
    (e) => ![...e.names.ja, ...e.names.en, ...(e.acronyms ?? [])].some((n) => goldNames.has(matchKey(n))),
  );
  const registry = new Registry(kept);
  const seeds = readdirSync(join(REPO_ROOT, 'seeds')).filter((f) => f.endsWith('.txt'));
  const files = seeds.map((f) => ({
    path: f,
    analysis: analyseDocument(f, readFileSync(join(REPO_ROOT, 'seeds', f), 'utf8'), 0, { registry }),
  }));
  const predictions = (JSON.parse(formatJson(files)) as { files: PredictedFile[] }).files;
  return { kept: kept.length, total: full.entries.length, scores: scoreAgainstGold(golds, predictions) };
}
