import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import {
  eraMismatchRule,
  invalidDateRule,
  reversedRangeRule,
  weekdayMismatchRule,
} from '../../server/src/core/rules/dateRules';
import { numberingDuplicateRule, numberingGapRule } from '../../server/src/core/rules/numberingRules';
import type { Finding, Rule, RuleCode, RuleContext } from '../../server/src/core/rules/ruleTypes';
import { DEFAULT_RULE_CONFIG } from '../../server/src/core/rules/runRules';
import { unbalancedBracketRule } from '../../server/src/core/rules/unbalancedBracket';
import { unresolvedClauseReferenceRule } from '../../server/src/core/rules/unresolvedClauseReference';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { dedent, parseFixture } from '../support/fixture';
import { SEEDS_DIR, SHARED_DIR, seedFiles } from '../support/paths';

const RULES: readonly Rule[] = [
  unresolvedClauseReferenceRule,
  numberingGapRule,
  numberingDuplicateRule,
  invalidDateRule,
  eraMismatchRule,
  weekdayMismatchRule,
  reversedRangeRule,
  unbalancedBracketRule,
];
const CODES = new Set<RuleCode>(RULES.map((r) => r.code));

function contextOf(text: string): RuleContext {
  return {
    document: analyseDocument('file:///a.agr', text),
    workspace: new WorkspaceIndex(),
    registry: builtInRegistry(),
    config: DEFAULT_RULE_CONFIG,
  };
}

function findingsOf(text: string): Finding[] {
  const context = contextOf(text);
  return RULES.flatMap((r) => r.check(context)).sort((a, b) => a.range.start - b.range.start);
}

interface Expected {
  readonly code: RuleCode;
  /** Words the English message must contain. */
  readonly words?: readonly string[];
  /** Words the Japanese message must contain. */
  readonly ja?: readonly string[];
}

/** `[[…]]` marks each expected finding's range, in order; `expected` lists them in the same order. */
function check(fixture: string, expected: readonly Expected[]): Finding[] {
  const parsed = parseFixture(fixture.includes('\n') ? dedent(fixture) : fixture);
  const findings = findingsOf(parsed.text);
  const describe = (f: Finding) =>
    `${f.code} ${JSON.stringify(parsed.text.slice(f.range.start, f.range.end))}: ${f.message.en}`;
  assert.equal(findings.length, expected.length, `findings:\n${findings.map(describe).join('\n')}`);
  assert.equal(parsed.ranges.length, expected.length, 'one [[…]] per expected finding');
  findings.forEach((f, k) => {
    const e = expected[k]!;
    assert.equal(f.code, e.code, describe(f));
    assert.deepEqual(f.range, parsed.ranges[k], describe(f));
    for (const w of e.words ?? []) assert.ok(f.message.en.includes(w), `${describe(f)} lacks ${w}`);
    for (const w of e.ja ?? []) assert.ok(f.message.ja.includes(w), `${f.message.ja} lacks ${w}`);
    assert.ok(f.message.ja.length > 0);
  });
  return findings;
}

const EIGHT_ARTICLES = Array.from(
  { length: 8 },
  (_, k) => `第${'一二三四五六七八'[k]}条　この協定は、効力を生ずる。`,
).join('\n');

describe('unresolved-clause-reference', () => {
  test('an article beyond the last one', () => {
    const [f] = check(`${EIGHT_ARTICLES}\n本協定の[[第九条]]に定めるところによる。`, [
      {
        code: 'unresolved-clause-reference',
        words: ['第九条'],
        ja: ['「第九条」を参照していますが、この文書に第九条はありません。'],
      },
    ]);
    assert.equal(f?.related?.length, 1, 'points at the nearest existing article');
  });

  test('前項 in a first paragraph', () => {
    check(
      `
      第一条　[[前項]]の規定にかかわらず、協議する。
      ２　前項の協議は、書面で行う。
      `,
      [{ code: 'unresolved-clause-reference', words: ['no preceding'], ja: ['前項'] }],
    );
  });

  test('paragraph 4 of an article with three paragraphs', () => {
    check(
      `
      Article 1
      1. The Parties shall cooperate.
      Article 2
      1. Each Party shall notify.
      2. Notifications shall be in writing.
      3. They shall be answered.
      Article 3
      Subject to [[paragraph 4 of Article 2]], the Parties shall meet.
      `,
      [{ code: 'unresolved-clause-reference', words: ['Article 2'] }],
    );
  });

  test('external references are never reported', () => {
    check(
      `
      第一条　自衛隊法第百条の規定により、協力する。
      第二条　会社法第八百七十一条本文（理由の付記）、第八百七十二条及び第八百七十五条の規定を準用する。
      `,
      [],
    );
  });
});

describe('numbering-gap and numbering-duplicate', () => {
  test('a gap and a duplicate', () => {
    const findings = check(
      `
      1. First.
      2. Second.
      [[4.]] Fourth.
      5. Fifth.
      [[5.]] Fifth again.
      `,
      [
        {
          code: 'numbering-gap',
          words: ['4. follows 2.', '3. is missing'],
          ja: ['「2.」の次が「4.」です。「3.」が抜けています。'],
        },
        { code: 'numbering-duplicate', words: ['5.'], ja: ['重複'] },
      ],
    );
    assert.equal(findings[0]?.fix?.kind, 'renumber');
    assert.equal(findings[0]?.related?.length, 1);
  });

  test('articles: a gap reported in kanji', () => {
    check(
      `
      第一条　目的
      第二条　定義
      [[第四条]]　効力
      `,
      [{ code: 'numbering-gap', words: ['第三条 is missing'], ja: ['「第三条」が抜けています'] }],
    );
  });

  test('branch articles, deleted articles and spans are not gaps', () => {
    check(
      `
      第一条　この法律は、公布の日から施行する。
      第二条　削除
      第二条の二　前条の規定は、適用しない。
      第三条から第五条まで　削除
      第六条　この法律は、効力を有する。
      `,
      [],
    );
  });

  test('articles run on across chapters', () => {
    check(
      `
      第一章　総則
      第一条　目的
      第二条　定義
      第二章　協力
      第三条　協力
      `,
      [],
    );
  });

  test('a list restarting under a new heading is a new sequence', () => {
    check(
      `
      署名された文書
      1. 協定
      2. 覚書
      交換された書簡
      1. 書簡
      2. 返簡
      `,
      [],
    );
  });

  test('paragraphs of a statute article start at 2', () => {
    check(
      `
      第一条　この法律は、公布の日から施行する。
      ２　前項の規定は、適用しない。
      ３　前二項の規定は、準用する。
      `,
      [],
    );
  });
});

describe('date rules', () => {
  test('invalid dates', () => {
    check('署名日は[[2026年2月30日]]とする。', [
      { code: 'invalid-date', words: ['day 30'], ja: ['2月30日は存在しません'] },
    ]);
    check('Signed on [[31 April 2026]].', [{ code: 'invalid-date', words: ['day 31'], ja: ['存在しません'] }]);
    check('[[令和0年]]に締結した。', [{ code: 'invalid-date', words: ['era'], ja: ['令和0年は存在しません'] }]);
  });

  test('an era year that disagrees with the western year', () => {
    check('[[令和8(2025)年]]に締結した。', [{ code: 'era-mismatch', words: ['2026'], ja: ['2026年', '2025年'] }]);
  });

  test('a wrong weekday, with its fix', () => {
    const [f] = check('会合は[[2021年11月23日(水)]]に開催する。', [
      { code: 'weekday-mismatch', words: ['Tuesday', 'Wednesday'], ja: ['火曜日'] },
    ]);
    assert.deepEqual(f?.fix, { kind: 'replace', replacement: '2021年11月23日(火)' });
  });

  test('a reversed range', () => {
    check('計画期間は[[2030年～2026年]]とする。', [{ code: 'reversed-range', ja: ['終わりが始まりより前'] }]);
  });
});

describe('unbalanced-bracket', () => {
  test('an unclosed 「 and an unclosed （, with fixes', () => {
    const text = '本協定を[[「]]協定と呼ぶ。\n\n日本国政府[[（]]以下「日本」という。\n';
    const findings = check(text, [
      { code: 'unbalanced-bracket', words: ['not closed'], ja: ['閉じられていません'] },
      { code: 'unbalanced-bracket', words: ['not closed'] },
    ]);
    const clean = parseFixture(text).text;
    assert.deepEqual(findings[0]?.fix, { kind: 'insert', offset: clean.indexOf('。'), text: '」' });
    assert.deepEqual(findings[1]?.fix, { kind: 'insert', offset: clean.indexOf('」という。') + 4, text: '）' });
  });

  test('a closer without an opener, and a mismatched pair', () => {
    check('期限は三十日とする[[）]]。\n\n「協定[[）]]に基づく。', [
      { code: 'unbalanced-bracket', words: ['closes nothing'] },
      { code: 'unbalanced-bracket', words: ['closed by'], ja: ['で閉じられています'] },
    ]);
  });

  test('balanced nesting, list labels, emoticons and timestamps are fine', () => {
    check(
      `
      日本国政府（以下「日本側」という。）及び『協定（案）』【重要】〔参考〕［注］
      1) 第一項目
      a) second item
      Thanks :) (2025/04/30-11:39)
      ) stray bullet from a PDF
      `,
      [],
    );
  });

  test('list labels and a stray closer far into one long line, as a whole agreement on one line', () => {
    // The tests of a noise closer read a window before it, not the whole line: the window must
    // decide as the line would, a separator before a label and white space back to the line start.
    const long = 'The Parties agree as follows. '.repeat(20);
    check(`${long}Their duties: 1) first, a) second, iv) third.`, []);
    check(`${' '.repeat(100)}) stray bullet after a long indent`, []);
    check(`${long}as in[[x)]] no label`.replace('[[x)]]', 'x[[)]]'), [
      { code: 'unbalanced-bracket', words: ['closes nothing'] },
    ]);
  });

  test('astral characters and CRLF before a finding keep UTF-16 offsets', () => {
    check('𠮷野家（吉野家）\r\n\r\n𠮷田氏は[[「]]合意する。\r\n', [{ code: 'unbalanced-bracket' }]);
  });
});

describe('seeds and corpus', () => {
  test('no finding of these rules in the seeds (the gold has none)', () => {
    for (const file of seedFiles()) {
      const findings = findingsOf(readFileSync(join(SEEDS_DIR, file), 'utf8')).filter((f) => CODES.has(f.code));
      assert.deepEqual(
        findings.map((f) => `${f.code}: ${f.message.en}`),
        [],
        file,
      );
    }
  });

  const corpus = join(SHARED_DIR, 'corpus', 'egov-statutes');
  /** The enacted statutes are correct: every finding is a false positive. Ceilings reached so far. */
  const CEILINGS: Record<RuleCode, number> = {
    'unresolved-clause-reference': 226,
    'numbering-gap': 0,
    'numbering-duplicate': 2,
    'invalid-date': 0,
    'era-mismatch': 0,
    'weekday-mismatch': 0,
    'reversed-range': 0,
    'unbalanced-bracket': 0,
  } as Record<RuleCode, number>;

  test('false positives over the e-Gov statutes stay at or below their ceilings', { skip: !existsSync(corpus) }, () => {
    const counts = new Map<RuleCode, number>();
    const samples = new Map<RuleCode, string[]>();
    for (const file of readdirSync(corpus)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const text = readFileSync(join(corpus, file), 'utf8');
      for (const f of findingsOf(text)) {
        counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
        const list = samples.get(f.code) ?? [];
        if (list.length < 20) {
          const context = text.slice(Math.max(0, f.range.start - 40), f.range.end + 30).replace(/\r?\n/g, '⏎');
          list.push(`${file}: ${f.message.en}\n      …${context}…`);
        }
        samples.set(f.code, list);
      }
    }
    for (const code of CODES) {
      console.log(`${code}: ${counts.get(code) ?? 0}`);
      for (const s of samples.get(code) ?? []) console.log(`    ${s}`);
    }
    for (const code of CODES)
      assert.ok((counts.get(code) ?? 0) <= CEILINGS[code], `${code}: ${counts.get(code)} > ${CEILINGS[code]}`);
  });
});

describe('unresolved references in a case-folded copy', () => {
  test('the lower-case copy of a text (en08 AnnexText) is not checked; the text itself is', () => {
    const copy = `annex ${'the parties shall cooperate on environmental matters as described below. '.repeat(6)}see article 20.5 of the environment chapter of the korus fta and paragraph 4.`;
    const text = `Article 1\nThe Parties shall cooperate as in Article 7.\n\n${copy}\n`;
    assert.deepEqual(
      findingsOf(text)
        .filter((f) => f.code === 'unresolved-clause-reference')
        .map((f) => f.about),
      ['Article 7'],
    );
  });
});
