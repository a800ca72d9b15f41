/**
 * The "Agreements" view: entries grouped by kind with counts, one entry per identity across
 * documents and languages, dates in time order, the filter, and the mentions of an entry.
 * Also the globs the client hands the server (files.associations + agreement.files).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { agreementFileGlobs, associationGlob } from '../../client/src/agreementFiles';
import { analyseDocument } from '../../server/src/core/analysis';
import {
  agreementsModel,
  agreementsView,
  agreementsViewMentions,
  type AgreementsViewKind,
} from '../../server/src/core/features/agreementsView';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { matchesAgreementGlobs } from '../../server/src/workspace/fileDiscovery';
import { REPO_ROOT, seedFiles, SEEDS_DIR } from '../support/paths';

function modelOf(documents: Record<string, string>, locale: 'en' | 'ja' = 'en') {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(documents))
    index.set(indexEntryOf(analyseDocument(`file:///ws/${name}`, text)));
  return agreementsModel(index, builtInRegistry(), locale);
}

/** The rows of one group as `name (detail) ×mentions/documents`. */
function rows(model: ReturnType<typeof modelOf>, kind: AgreementsViewKind, filter = ''): string[] {
  const group = agreementsView(model, { filter }).groups.find((g) => g.kind === kind)!;
  return group.entries.map((e) => `${e.name}${e.detail ? ` (${e.detail})` : ''} ×${e.mentions}/${e.documents}`);
}

const DOCUMENTS = {
  'a.agr': '宇宙航空研究開発機構(JAXA)と協力する。JAXAは2021年11月23日に署名した。',
  'b.agr': 'The Japan Aerospace Exploration Agency (JAXA) signed on 23 November 2021 and 1 May 2020.',
};

describe('the Agreements view', () => {
  test('one agency across documents and languages, with its counts', () =>
    assert.deepEqual(rows(modelOf(DOCUMENTS), 'agency'), ['JAXA (Japan Aerospace Exploration Agency) ×5/2']));
  test('the Japanese name in Japanese', () =>
    assert.deepEqual(rows(modelOf(DOCUMENTS, 'ja'), 'agency'), ['JAXA (宇宙航空研究開発機構) ×5/2']));
  test('one day however it is written, days in time order', () =>
    assert.deepEqual(rows(modelOf(DOCUMENTS), 'date'), [
      '2020-05-01 (1 May 2020) ×1/1',
      '2021-11-23 (2021年11月23日) ×2/2',
    ]));
  test('a defined term with its expansion, its definition counted', () => {
    const model = modelOf({
      'c.agr': '日本国政府及びアメリカ合衆国政府(以下「両者」という。)は、両者の協力を確認した。',
    });
    assert.deepEqual(rows(model, 'term'), ['両者 (日本国政府及びアメリカ合衆国政府) ×2/1']);
    const mentions = agreementsViewMentions(model, 'term', '両者');
    assert.deepEqual(
      mentions.map((m) => m.isDefinition),
      [true, false],
    );
  });
  test('the filter matches any name of an entry, in any width or case', () => {
    const model = modelOf(DOCUMENTS);
    assert.deepEqual(rows(model, 'agency', '宇宙航空'), ['JAXA (Japan Aerospace Exploration Agency) ×5/2']);
    assert.deepEqual(rows(model, 'agency', 'ｊａｘａ'), ['JAXA (Japan Aerospace Exploration Agency) ×5/2']);
    assert.deepEqual(rows(model, 'agency', 'NASA'), []);
    assert.equal(agreementsView(model, { filter: '2021-11' }).groups.find((g) => g.kind === 'date')!.total, 1);
  });
  test('the mentions of an entry, in document order, with positions', () => {
    const mentions = agreementsViewMentions(modelOf(DOCUMENTS), 'agency', 'jp.jaxa');
    assert.deepEqual(
      mentions.map((m) => `${m.uri.slice(-5)}:${m.range.start.character} ${m.text}`),
      [
        'a.agr:0 宇宙航空研究開発機構',
        'a.agr:11 JAXA',
        'a.agr:22 JAXA',
        'b.agr:4 Japan Aerospace Exploration Agency',
        'b.agr:40 JAXA',
      ],
    );
    assert.deepEqual(agreementsViewMentions(modelOf(DOCUMENTS), 'agency', 'nothing'), []);
  });
  test('a limit per group keeps the total', () => {
    const view = agreementsView(modelOf(DOCUMENTS), { limit: 1 });
    const dates = view.groups.find((g) => g.kind === 'date')!;
    assert.equal(dates.total, 2);
    assert.equal(dates.entries.length, 1);
  });
  test('the seeds: JAXA is among the agencies of the workspace', () => {
    const seeds = Object.fromEntries(seedFiles().map((f) => [f, readFileSync(join(SEEDS_DIR, f), 'utf8')]));
    const model = modelOf(seeds);
    const view = agreementsView(model);
    assert.equal(view.documents, 5);
    const agencies = view.groups.find((g) => g.kind === 'agency')!;
    assert.ok(agencies.entries.some((e) => e.name === 'JAXA'));
    for (const group of view.groups) assert.ok(group.total > 0, `no ${group.kind} in the seeds`);
  });
});

describe('the files the server indexes', () => {
  test('files.associations patterns become folder-relative globs', () => {
    assert.equal(associationGlob('*.txt', []), '**/*.txt');
    assert.equal(associationGlob('**/seeds/*.txt', []), '**/seeds/*.txt');
    assert.equal(associationGlob('drafts/*.txt', []), 'drafts/*.txt');
    assert.equal(associationGlob('/home/u/ws/texts/*.txt', ['/home/u/ws']), 'texts/*.txt');
    assert.equal(associationGlob('C:\\ws\\texts\\*.txt', ['C:\\ws']), 'texts/*.txt');
    assert.equal(associationGlob('/elsewhere/*.txt', ['/home/u/ws']), undefined);
  });
  test('agreement.files first, then the associations to agreement only, without duplicates', () =>
    assert.deepEqual(
      agreementFileGlobs(
        undefined,
        { '**/seeds/*.txt': 'agreement', '*.md': 'markdown', '*.agr': 'agreement', '**/*.agr': 'agreement' },
        [],
      ),
      ['**/*.agr', '**/*.agreement', '**/*.agreement.txt', '**/seeds/*.txt'],
    ));
  test("this repository's settings make the server index its seeds", () => {
    const settings = JSON.parse(readFileSync(join(REPO_ROOT, '.vscode', 'settings.json'), 'utf8')) as {
      'files.associations': Record<string, string>;
    };
    const globs = agreementFileGlobs(undefined, settings['files.associations'], [REPO_ROOT]);
    for (const seed of seedFiles()) assert.ok(matchesAgreementGlobs(join(SEEDS_DIR, seed), REPO_ROOT, globs), seed);
  });
});
