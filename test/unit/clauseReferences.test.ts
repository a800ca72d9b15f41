import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { recogniseClauseReferences } from '../../server/src/core/recognise/clauseReferences';
import { resolveClauseReference, type ResolutionResult } from '../../server/src/core/resolve/clauseReferenceTargets';
import { type ClauseStructure, parseClauseStructure } from '../../server/src/core/structure/clauseStructure';
import { dedent, parseFixture } from '../support/fixture';

/** A clause written as the path of labels from the top: 第三条/２/一; 附則 for a 附則 heading. */
function clausePath(structure: ClauseStructure, index: number): string {
  const labels: string[] = [];
  for (let c: number | undefined = index; c !== undefined; c = structure.clauses[c]!.parent) {
    const clause = structure.clauses[c]!;
    labels.unshift(clause.label || (/^附/.test(clause.heading ?? '') ? '附則' : `«${clause.heading ?? ''}»`));
  }
  return labels.join('/');
}

/** The compact form of a resolution: `第二条`, `第三条..第五条`, `implicit 第三条`, `external 自衛隊法`, `unresolved`. */
function compact(structure: ClauseStructure, result: ResolutionResult, external: string | undefined): string {
  switch (result.status) {
    case 'resolved':
      return (
        clausePath(structure, result.target) +
        (result.throughTarget !== undefined ? `..${clausePath(structure, result.throughTarget)}` : '')
      );
    case 'implicit-paragraph':
      return (
        `implicit ${result.article < 0 ? 'text' : clausePath(structure, result.article)}` +
        (result.throughTarget !== undefined ? `..${clausePath(structure, result.throughTarget)}` : '')
      );
    case 'external':
      return external ? `external ${external}` : 'external';
    case 'unresolved':
      return 'unresolved';
  }
}

/**
 * Every `[[…]]` of the fixture must be exactly one recognised reference, in order, and
 * `expected` says how each resolves.
 */
function check(fixture: string, expected: readonly string[]): void {
  const { text, ranges } = parseFixture(dedent(fixture));
  const structure = parseClauseStructure(text);
  const references = recogniseClauseReferences(text, structure);
  assert.deepEqual(
    references.map((r) => r.text),
    ranges.map((r) => text.slice(r.start, r.end)),
    'recognised references',
  );
  assert.deepEqual(
    references.map((r) => r.range),
    ranges,
  );
  assert.deepEqual(
    references.map((r) =>
      compact(structure, resolveClauseReference(r, structure, r.range.start), r.external?.instrument),
    ),
    expected,
  );
}

function reasonFor(fixture: string, index = 0): string {
  const { text } = parseFixture(dedent(fixture));
  const structure = parseClauseStructure(text);
  const reference = recogniseClauseReferences(text, structure)[index]!;
  const result = resolveClauseReference(reference, structure, reference.range.start);
  assert.equal(result.status, 'unresolved');
  return result.status === 'unresolved' ? result.reason : '';
}

const STATUTE = `
  第一条　この法律は、目的を定める。
  第二条　[[前条]]の目的のため、次の[[各号]]に掲げる措置を講ずる。
  一　調査
  二　[[前号]]の調査の結果の公表
  三　[[第一号]]及び[[第二号]]に掲げるもののほか、必要な措置
  ２　[[前項]]の措置は、[[第一条]]の目的に沿うものとする。
  ３　[[前二項]]の規定は、[[次条]]の場合に準用する。
  第三条　[[前条第一項第二号]]の公表は、[[本条]]の定めるところによる。
  ２　[[第一項]]の規定にかかわらず、[[前条第二項]]及び[[第三項]]の場合は、この限りでない。
  第四条から第五条まで　削除
  第五条の二　[[第五条]]の規定は、[[第三条から第四条]]までの規定と同じ。
  `;

describe('Japanese clause references', () => {
  test('relative and absolute references in a statute, labels not counted', () =>
    check(STATUTE, [
      '第一条',
      '第二条/一..第二条/三',
      '第二条/一',
      '第二条/一',
      '第二条/二',
      'implicit 第二条',
      '第一条',
      'implicit 第二条..第二条/２',
      '第三条',
      '第二条/二',
      '第三条',
      'implicit 第三条',
      '第二条/２',
      '第二条/３',
      '第四条から第五条まで',
      '第三条..第四条から第五条まで',
    ]));

  test('前項 in the first paragraph and 前条 in the first article are unresolved', () => {
    check('第一条　[[前項]]の規定により、[[前条]]を適用する。', ['unresolved', 'unresolved']);
    assert.match(
      reasonFor('第一条　[[前項]]の規定'),
      /前項 in the first paragraph of 第一条 has no preceding paragraph/,
    );
  });

  test('an article beyond the last one is unresolved with a clear reason', () => {
    const eight = Array.from({ length: 8 }, (_, i) => `第${'一二三四五六七八'[i]}条　本文。`).join('\n');
    check(`${eight}\n第八条の二　[[第九条]]及び[[第八条]]による。`, ['unresolved', '第八条']);
    assert.equal(
      reasonFor(`${eight}\n第八条の二　[[第九条]]による。`),
      'There is no 第九条: the text has 9 articles, the last being 第八条の二.',
    );
  });

  test('同条 and 同項 repeat the last article or paragraph mentioned', () =>
    check(
      `
      第一条　本文。
      一　甲
      二　乙
      第二条　本文。
      ２　本文。
      第三条　[[第二条第二項]]の規定は、[[同項]]に定める場合に限り、[[同条]]の規定による。
      第四条　[[第一条第一項]]の規定は、[[同項第二号]]の場合に適用する。
      `,
      ['第二条/２', '第二条/２', '第二条', 'implicit 第一条', '第一条/二'],
    ));

  test('lists and ranges inherit the outer levels of the previous member', () =>
    check(
      `
      第一条　本文。
      ２　本文。
      ３　本文。
      第二条　[[第一条第二項]]及び[[第三項]]、[[第一条第一項から第三項]]まで並びに[[前条第二項]]の規定
      `,
      ['第一条/２', '第一条/３', 'implicit 第一条..第一条/３', '第一条/２'],
    ));

  test('bracketed qualifiers belong to the reference before them', () =>
    check(
      `
      第一条　本文。
      ２　本文。
      第二条　本文。
      ２　本文。
      ３　本文。
      第三条　[[第二条]]（[[第三項]]を除く。）の規定は、[[第一条]]（[[第二項]]において準用する場合を含む。）の場合に適用する。
      ２　本文。
      `,
      ['第二条', '第二条/３', '第一条', '第三条/２'],
    ));

  test('full-width digits, astral characters, CRLF and the 条ノ form', () =>
    check('第一条　本文。\r\n第二条　本文。\r\n第二条ノ二　𠮷[[第２条]]及び𠮷[[第二条ノ二]]、[[第1条]]\r\n', [
      '第二条',
      '第二条ノ二',
      '第一条',
    ]));

  // The span of an external reference leaves out the instrument's name, which `external.range` gives.
  test('references into other instruments', () =>
    check(
      `
      第一条　自衛隊法[[第九条第二項]]及び[[第十条]]の規定は、同法[[第三条]]に準用する。
      第二条　国家公務員法（昭和二十二年法律第百二十号）[[第二条]]並びに協定[[第二条]]及び「日本国とアメリカ合衆国との間の協定」[[第五条]]による。
      第三条　法[[第三条]]、旧法[[第五条]]及びこの法律[[第一条]]、本法[[第二条]]の規定
      `,
      [
        'external 自衛隊法',
        'external 自衛隊法',
        'external 同法',
        'external 国家公務員法',
        'external 協定',
        'external 日本国とアメリカ合衆国との間の協定',
        'external 法',
        'external 旧法',
        '第一条',
        '第二条',
      ],
    ));

  test('not references: law numbers, numbered terms, quoted text, tables of contents', () =>
    check(
      `
      目次
      第一章　総則（第一条・第二条）
      第二章　雑則（第三条）
      第一章　総則
      第一条　昭和二十二年法律第百二十号に定める第一号被保険者は、「前条」とあるのは「第五条」と読み替える。
      第二条　[[第一章]]及び[[第一条]]の規定
      第二章　雑則
      第三条　この法律の第一号法定受託事務
      `,
      ['第一章', '第一章/第一条'],
    ));

  test('附則: its own articles are cited as 附則第N条; plain 第N条 is the main text', () =>
    check(
      `
      第一条　本則。
      第二条　[[附則第二条]]の規定による。
      附　則
      第一条　この法律は、公布の日から施行する。
      第二条　[[第一条]]の規定は、[[前条]]の規定及び[[附則第一条]]の規定にかかわらず適用する。
      附　則　（平成十年三月三十一日法律第十号）　抄
      第一条　この法律は、平成十年四月一日から施行する。ただし、[[第三条]]及び[[附則第五条]]の規定は公布の日から施行する。
      第二条　[[前条]]の規定による。
      `,
      ['附則/第二条', '第一条', '附則/第一条', '附則/第一条', 'external', 'external', '附則/第一条'],
    ));

  test('附則 paragraphs numbered from ２ have an unnumbered first paragraph', () =>
    check(
      `
      第一条　本則。
      附　則
      この法律は、公布の日から施行する。
      ２　[[前項]]の規定にかかわらず、[[第一条]]は、[[第三項]]の日から施行する。
      ３　本文。
      `,
      ['implicit 附則', '第一条', '附則/３'],
    ));

  test('older statutes: circled paragraphs and katakana particles', () =>
    check(
      `
      第一条　本文ニ依ル
      一　甲
      二　乙
      ②　[[前項]]ノ規定ハ[[前号]]ニ掲ゲタル場合ニ之ヲ準用ス
      一　丙
      二　[[前号]]ニ掲ゲタル者
      `,
      ['implicit 第一条', 'unresolved', '第一条/②/一'],
    ));

  test('chapters and sections', () =>
    check(
      `
      第一章　総則
      第一条　[[第二章第一節]]及び[[次章]]の規定
      第二章　雑則
      第一節　通則
      第二条　[[本章]]の規定
      `,
      ['第二章/第一節', '第二章', '第二章'],
    ));

  test('numbered clauses of an agreement: 上記 and 下記', () =>
    check(
      `
      1. 目的
      両国は協力する。
      (1) 科学
      (2) 技術
      2. 範囲
      [[上記1.]]の目的及び[[上記１．]]、[[上記(2)]]並びに[[下記3.]]による。
      3. 雑則
      `,
      ['1.', '1.', '1./(2)', '3.'],
    ));
});

describe('English clause references', () => {
  test('Articles, paragraphs and subparagraphs', () =>
    check(
      `
      Article 1 Purpose
      1. The Parties shall cooperate.
      2. The Parties shall exchange data.
      (a) satellite data;
      (b) ground data.
      Article 2 Scope
      1. Activities under [[Article 1]] and [[paragraph 2 of Article 1]] include those in [[Article 1(2)(b)]].
      2. [[The preceding paragraph]] and [[this Article]] apply; see also [[Article 1, paragraph 1]] and [[Articles 1]] and [[2]].
      3. [[Article 5]] of the Paris Agreement and [[Article 9]] differ.
      `.replace('[[The preceding paragraph]]', 'The [[preceding paragraph]]'),
      [
        'Article 1',
        'Article 1/2.',
        'Article 1/2./(b)',
        'Article 2/1.',
        'Article 2',
        'Article 1/1.',
        'Article 1',
        'Article 2',
        'external Paris Agreement',
        'unresolved',
      ],
    ));

  test('sections and subparagraph letters', () =>
    check(
      `
      Section 1 General
      (a) first, except as provided in [[subparagraph (b)]];
      (b) second.
      Section 2 Other
      As provided in [[Section 1]]; [[Section 3]] does not exist.
      `,
      ['Section 1/(b)', 'Section 1', 'unresolved'],
    ));
});

const CORPUS = '/work/shared/corpus/egov-statutes';

describe('corpus: every internal reference in 316 enacted statutes resolves', { skip: !existsSync(CORPUS) }, () => {
  test('the unresolved rate among internal references is below 0.4%', () => {
    const files = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.txt'))
      .sort();
    let found = 0;
    let external = 0;
    let unresolved = 0;
    let parseMs = 0;
    const perFile: Array<{ file: string; unresolved: number; internal: number }> = [];
    const samples: string[] = [];
    const start = performance.now();
    for (const file of files) {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const parseStart = performance.now();
      const structure = parseClauseStructure(text);
      parseMs += performance.now() - parseStart;
      const references = recogniseClauseReferences(text, structure);
      let fileUnresolved = 0;
      let fileInternal = 0;
      for (const reference of references) {
        found++;
        const result = resolveClauseReference(reference, structure, reference.range.start);
        if (result.status === 'external') {
          external++;
          continue;
        }
        fileInternal++;
        if (result.status !== 'unresolved') continue;
        fileUnresolved++;
        unresolved++;
        if (unresolved % 23 === 1) {
          const before = text.slice(Math.max(0, reference.range.start - 30), reference.range.start);
          const after = text.slice(reference.range.end, reference.range.end + 15);
          samples.push(
            `${file.slice(0, 15)}  …${before}【${reference.text}】${after}…  — ${result.reason}`.replace(/\r?\n/g, '⏎'),
          );
        }
      }
      perFile.push({ file, unresolved: fileUnresolved, internal: fileInternal });
    }
    const totalMs = performance.now() - start;
    const internal = found - external;
    const rate = unresolved / internal;
    console.log(
      `clause references in ${files.length} statutes: ${found} found, ${internal} internal, ${external} external, ` +
        `${unresolved} internal unresolved (${(rate * 100).toFixed(2)}%); ` +
        `${totalMs.toFixed(0)} ms in all, ${(totalMs - parseMs).toFixed(0)} ms recognising and resolving`,
    );
    console.log('worst files:');
    for (const f of perFile.sort((a, b) => b.unresolved - a.unresolved).slice(0, 8))
      console.log(`  ${f.file}: ${f.unresolved} of ${f.internal}`);
    console.log('samples of unresolved references:');
    for (const s of samples.slice(0, 30)) console.log(`  ${s}`);
    assert.ok(found > 100_000, `expected many references, found ${found}`);
    assert.ok(rate < 0.004, `unresolved rate ${(rate * 100).toFixed(2)}% is not below 0.4%`);
  });
});
