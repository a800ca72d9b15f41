import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  findDocumentDate,
  japaneseEras,
  probeJapaneseEras,
  recogniseDates,
  type DateMention,
  type DateProblemCode,
  type RecogniseDatesOptions,
} from '../../server/src/core/recognise/dates';

/**
 * `fixture` marks every expected date span with [[…]]; `values` lists their ISO values in order
 * (undefined for an unresolvable one). Nothing else may be recognised.
 */
function check(
  fixture: string,
  values: ReadonlyArray<string | undefined>,
  options?: RecogniseDatesOptions,
): DateMention[] {
  let text = '';
  const spans: Array<{ start: number; end: number }> = [];
  let open = -1;
  for (let i = 0; i < fixture.length; i++) {
    if (fixture.startsWith('[[', i)) {
      open = text.length;
      i++;
    } else if (fixture.startsWith(']]', i)) {
      spans.push({ start: open, end: text.length });
      i++;
    } else text += fixture[i];
  }
  const mentions = recogniseDates(text, options);
  const got = mentions.map((m) => `${text.slice(m.range.start, m.range.end)}@${m.range.start} = ${m.value}`);
  const want = spans.map((s, i) => `${text.slice(s.start, s.end)}@${s.start} = ${values[i]}`);
  assert.deepEqual(got, want, fixture);
  for (const m of mentions) assert.equal(m.text, text.slice(m.range.start, m.range.end));
  return mentions;
}

function problemCodes(text: string, options?: RecogniseDatesOptions): DateProblemCode[] {
  return recogniseDates(text, options).flatMap((m) => m.problems.map((p) => p.code));
}

test('Japanese western dates', () => {
  check('会談は[[2026年5月2日]]に行われた', ['2026-05-02']);
  check('[[2023年11月]]の格上げ', ['2023-11']);
  check('- [[2026年]]中に開催する', ['2026']);
  check('[[2040年]]以降の協力', ['2040']);
  check('[[2030年]]までに倍増', ['2030']);
  check('[[2025年]]前半に', ['2025']);
  check('[[２０２６年５月２日]]、東京', ['2026-05-02']);
  check('[[二〇二六年]]に', ['2026']);
  check('[[二千二十五年]]日本国際博覧会', ['2025']);
  check('[[2025/04/30]]-11:39', ['2025-04-30']);
  check('期限は[[2025-04-30]]です', ['2025-04-30']);
  check('(火)は[[2021年11月23日(火)]]と[[2021年11月23日（火曜日）]]', ['2021-11-23', '2021-11-23']);
});

test('Japanese era dates', () => {
  check('[[令和3(2021)年11月23日(火)]]15時00分~16時50分', ['2021-11-23']);
  check('[[令和３（２０２１）年１１月２３日（火）]]', ['2021-11-23']);
  check('[[昭和二十九年]]に', ['1954']);
  check('[[平成三十一年四月一日]]から施行', ['2019-04-01']);
  check('[[令和元年]]に', ['2019']);
  check('[[令和元年5月1日]]', ['2019-05-01']);
  check('[[大正元年]]', ['1912']);
  check('[[明治二十九年]]法律第八十九号', ['1896']);
  check('（[[昭和二十二年]]法律第二十八号）', ['1947']);
  check('[[昭和四十年]]法律第三十四号', ['1965']);
  check('[[2021年(令和3年)]]', ['2021']);
  check('[[平成32年]]の目標', ['2020']); // beyond the era's end, commonly written: accepted
});

test('Japanese ranges', () => {
  check('第3期（[[2025年～2030年]]）', ['2025/2030']);
  check('[[2025年~2030年]]', ['2025/2030']);
  check('[[2025年-2030年]]', ['2025/2030']);
  check('[[2025年〜2030年]]', ['2025/2030']);
  check('OECDの[[2022年から2025年]]の任期', ['2022/2025']);
  check('[[2025年8月10日から13日]]まで', ['2025-08-10/2025-08-13']);
  check('[[2025年4月1日から同年4月30日]]まで', ['2025-04-01/2025-04-30']);
  check('[[2025年4月1日から同月30日]]まで', ['2025-04-01/2025-04-30']);
  check('[[2025年4月から6月]]まで', ['2025-04/2025-06']);
  check('[[2025年1～3月]]期', ['2025-01/2025-03']);
  check('[[平成十年四月一日から平成十一年三月三十一日]]まで', ['1998-04-01/1999-03-31']);
  check('[[2025年4月1日]]から3日以内に', ['2025-04-01']);
  check('[[2025年]]から3年間', ['2025']);
});

test('month without a year: only when resolvable', () => {
  check('11月に会合', []);
  check('[[2025年]]は、[[11月]]に会合', ['2025', '2025-11']);
  check('[[11月3日]]に会合', ['2025-11-03'], { documentDate: '2025-04-30' });
  check('[[2025年]]に。\n11月に会合', ['2025']); // the year is in another paragraph
  check('[[平成十年]]の改正。その年の八月から', ['1998']);
  check('六月以内に', [], { documentDate: '2025-04-30' });
  check('月数が四十八月であるときは', [], { documentDate: '2025-04-30' });
});

test('relative dates', () => {
  const doc = { documentDate: '2021-11-23', documentDateRange: { start: 0, end: 11 } };
  const [m] = check('[[本年9月]]の訪問', ['2021-09'], doc);
  assert.deepEqual(m!.relative, {
    kind: 'document',
    word: '本年',
    anchor: '2021-11-23',
    anchorRange: { start: 0, end: 11 },
  });
  check('[[本年9月]]の訪問', [undefined]);
  check('[[本日]]、署名', ['2021-11-23'], doc);
  check('[[本日]]、署名', [undefined]);
  check('[[本日]]、署名', [undefined], { documentDate: '2021' });
  check('[[今年]]は', ['2021'], doc);
  check('[[昨年]]と[[来年]]', ['2020', '2022'], doc);
  check('[[本年]]中に', ['2021'], doc);
  check('[[本年度]]の予算、基本年金、将来年度', ['2021-04/2022-03'], doc);
  // Japan's fiscal year starts on 1 April: in February the current fiscal year began the year before.
  check('[[本年度]]と[[来年度]]、[[昨年度]]', ['2025-04/2026-03', '2026-04/2027-03', '2024-04/2025-03'], {
    documentDate: '2026-02-10',
  });
  check('[[2027年度]]の計画。[[同年度]]中に', ['2027-04/2028-03', '2027-04/2028-03']);
  const ms = check('[[2019年]]の協定。[[同年4月]]に', ['2019', '2019-04'], doc);
  assert.deepEqual(ms[1]!.relative, {
    kind: 'preceding',
    word: '同年',
    anchor: '2019',
    anchorRange: { start: 0, end: 5 },
  });
  check('[[同年]]の', [undefined]);
  check('同年齢の', []);
  check('to take place in Hanoi [[this year]].', ['2025'], { documentDate: '2025-04-30' });
  check('to take place in Hanoi [[this year]].', [undefined]);
  check('[[Last year]] and [[next year]]', ['2024', '2026'], { documentDate: '2025-04-30' });
});

test('English dates', () => {
  check('signed on [[15 March 2026]] in Tokyo', ['2026-03-15']);
  check('signed on [[15th March, 2026]]', ['2026-03-15']);
  check('signed on [[March 15, 2026]].', ['2026-03-15']);
  check('on [[April 28, 2025]], the two', ['2025-04-28']);
  check('since [[April 2025]], the two', ['2025-04']);
  check('held on [[Monday, April 28, 2025]]', ['2025-04-28']);
  check('talks in Hanoi on Monday, as part', []);
  check('convening the session in [[2026]] and', ['2026']);
  check('for the [[2025-30]] period within [[2025]].', ['2025/2030', '2025']);
  check('the [[2025–2030]] plan', ['2025/2030']);
  check('March is a month; May I ask', []);
  check('raising US$20 billion and US$2025 million, 5,000 or 2,025 people, 10,500-drone show at 11:39', []);
  check('a 2025 million budget, Article 2026 of the code, 19999 items, v2025', []);
  check('([[2025/04/30]]-11:39)', ['2025-04-30']);
});

test('the English signing formula and years in words', () => {
  check('Done at Tokyo this [[fifth day of November, 1996]], in duplicate', ['1996-11-05']);
  check('on the [[18 day of July, 1985]] at', ['1985-07-18']);
  check('on the [[18th day of July 1985]]', ['1985-07-18']);
  check('on this [[Twelfth day of February 2010]].', ['2010-02-12']);
  check('the [[twenty-first day of May, two thousand and three]]', ['2003-05-21']);
  check('this [[twentieth day of July, one thousand nine hundred and sixty-three]], in', ['1963-07-20']);
  check('[[Sixth day of December, One thousand Nine hundred and Forty-eight]]', ['1948-12-06']);
  check('[[third day of October in the year of our Lord one thousand nine hundred and seventy-three]]', ['1973-10-03']);
  check('[[ninth day of july in the year one thousand nine hundred and sixty-one]]', ['1961-07-09']);
  // Hard-wrapped from a PDF: the formula runs over a line break.
  check('DONE at Paris this [[tenth day of\nMarch, 1986]]', ['1986-03-10']);
  // Without a year the formula is a recurring day, not a date.
  check('on the first day of April of each year', []);
  check('the first day of the session', []);
});

test('English ranges', () => {
  check('held on [[11-14 October 1988]] in', ['1988-10-11/1988-10-14']);
  check('from [[July 1–22, 1944]], at Bretton Woods', ['1944-07-01/1944-07-22']);
  check('from [[28 February – 2 March 2024]]', ['2024-02-28/2024-03-02']);
  check('from [[February 28 – March 2, 2024]]', ['2024-02-28/2024-03-02']);
  check('from [[1 January 2025 to 31 December 2027]].', ['2025-01-01/2027-12-31']);
  check('from [[April 2025 to March 2026]]', ['2025-04/2026-03']);
  check('on [[1 January 2025]] to the Parties', ['2025-01-01']);
});

test('fiscal years', () => {
  const [fy] = check('[[2027年度]]予算', ['2027-04/2028-03']);
  assert.equal(fy!.fiscalYear, 'april-to-march');
  check('[[平成十年度]]、[[令和元年度]]', ['1998-04/1999-03', '2019-04/2020-03']);
  check('[[2025年度～2027年度]]の計画', ['2025-04/2028-03']);
  check('[[2025年度]]から3年間', ['2025-04/2026-03']);
  const english = check(
    'in [[fiscal year 2027]], [[FY2028]], [[FY 2029]], [[JFY2030]] and [[Japanese fiscal year 2031]]',
    ['2027', '2028', '2029', '2030-04/2031-03', '2031-04/2032-03'],
  );
  assert.deepEqual(
    english.map((m) => m.fiscalYear),
    ['unspecified', 'unspecified', 'unspecified', 'april-to-march', 'april-to-march'],
  );
  assert.deepEqual(problemCodes('2027年度～2025年度'), ['reversed-range']);
});

test('not dates', () => {
  check('中止の通知がなされた日から180日後に開始', []);
  check('過去30年以上にわたって', []);
  check('3年間の計画、20歳の者、5人', []);
  check('[[令和3(2021)年11月23日(火)]]15時00分', ['2021-11-23']);
  check('第1回会合、第三条第一項', []);
  check('1990年代に', []);
  check('2000年前の遺跡', []);
  check('UNCLOS 1982 の締約国である日本は', []);
});

test('offsets are UTF-16: astral characters, CRLF, full-width', () => {
  check('𠮷野家は[[2026年5月2日]]に', ['2026-05-02']);
  check('𠮷\r\n[[2026年5月2日]]\r\n[[令和８年]]\r\n', ['2026-05-02', '2026']);
  check('[[2025年]]\r\n11月に', ['2025']);
});

test('problems', () => {
  assert.deepEqual(problemCodes('2026年2月30日'), ['invalid-date']);
  assert.deepEqual(problemCodes('31 April 2026'), ['invalid-date']);
  assert.deepEqual(problemCodes('令和0年'), ['invalid-date']);
  assert.deepEqual(problemCodes('2026年13月'), ['invalid-date']);
  assert.deepEqual(problemCodes('2024年2月29日、2026年2月28日'), []);
  // The lunisolar calendar before 明治6年: months of 29 or 30 days.
  assert.deepEqual(problemCodes('明治5年2月30日'), []);
  assert.deepEqual(problemCodes('明治5年2月31日'), ['invalid-date']);
  assert.deepEqual(problemCodes('令和8(2025)年'), ['era-mismatch']);
  assert.deepEqual(problemCodes('令和元年4月30日'), ['era-mismatch']);
  assert.deepEqual(problemCodes('平成元年1月7日'), ['era-mismatch']);
  assert.deepEqual(problemCodes('平成32年、昭和70年、平成31年5月1日'), []);
  assert.deepEqual(problemCodes('2021年11月23日(水)'), ['weekday-mismatch']);
  assert.deepEqual(problemCodes('2030年～2026年'), ['reversed-range']);
  assert.deepEqual(problemCodes('2025年8月13日から10日'), ['reversed-range']);
  const [wrong] = recogniseDates('2021年11月23日(水)');
  assert.deepEqual(wrong!.weekday, { written: '水', actual: '火' });
  assert.equal(wrong!.value, '2021-11-23');
  const [english] = recogniseDates('Tuesday, April 28, 2025');
  assert.deepEqual(english!.weekday, { written: 'Tuesday', actual: 'Monday' });
  // An impossible date keeps its value as written beside the problem.
  const [bad] = recogniseDates('2026年2月30日');
  assert.equal(bad!.value, '2026-02-30');
  assert.equal(recogniseDates('due 2026-04-31')[0]!.value, '2026-04-31');
  assert.equal(recogniseDates('令和8(2025)年')[0]!.value, undefined);
  assert.equal(recogniseDates('令和0年')[0]!.value, undefined);
  assert.deepEqual(problemCodes('held on 14-11 October 1988'), ['reversed-range']);
  assert.match(bad!.problems[0]!.message, /February 2026/);
  const [era] = recogniseDates('令和8(2025)年');
  assert.deepEqual(era!.era, { name: '令和', year: 8, westernYear: 2026, writtenWesternYear: 2025 });
  for (const m of recogniseDates('2026年2月30日 令和8(2025)年 2021年11月23日(水) 2030年～2026年')) {
    for (const p of m.problems) assert.match(p.message, /^.{20,}[.;].*\.$/);
  }
});

test('era starts probed from Intl match the table', () => {
  const table = [
    ['明治', '1868-10-23'],
    ['大正', '1912-07-30'],
    ['昭和', '1926-12-25'],
    ['平成', '1989-01-08'],
    ['令和', '2019-05-01'],
  ];
  const probed = probeJapaneseEras(2030);
  assert.deepEqual(
    probed.map((e) => [e.name, e.start]),
    table,
  );
  assert.equal(probed[3]!.end, '2019-04-30');
  assert.deepEqual(
    japaneseEras()
      .slice(0, 5)
      .map((e) => [e.name, e.start]),
    table,
  );
});

test('findDocumentDate', () => {
  assert.deepEqual(findDocumentDate('日越防衛相会談\n\n2021年11月23日\n防衛省\n本年9月'), {
    value: '2021-11-23',
    range: { start: 9, end: 20 },
  });
  const body = Array.from({ length: 30 }, (_, i) => `第${i + 1}項 協力する。`).join('\n');
  const signed = `${body}\n2025年10月28日、東京において、二通の書面により作成した。\n`;
  const found = findDocumentDate(signed);
  assert.equal(found?.value, '2025-10-28');
  assert.equal(signed.slice(found!.range.start, found!.range.end), '2025年10月28日');
  assert.equal(findDocumentDate(`${body}\n(2025/04/30-11:39)\n- 04/30 11:54 headline`)?.value, '2025-04-30');
  assert.equal(findDocumentDate(body), undefined);
  assert.equal(findDocumentDate(''), undefined);
});

test('never throws on odd input', () => {
  const odd = [
    '',
    '年',
    '令和',
    '令和(',
    '令和3(',
    '令和3(2021',
    '2025年～',
    '2025年から',
    '(',
    '本日',
    '同年',
    '\uD842',
    '0000年',
    '9999年99月99日',
    'May',
    '1 May',
    '\n\n\r',
  ];
  for (const text of odd) assert.doesNotThrow(() => recogniseDates(text, { documentDate: 'garbage' }));
  let noise = '';
  const pieces = [
    '年',
    '月',
    '日',
    '令和',
    '2025',
    '十',
    '(',
    '）',
    '～',
    'から',
    ' ',
    '\n',
    'May',
    '同年',
    '本日',
    '〇',
  ];
  let seed = 7;
  for (let i = 0; i < 20_000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    noise += pieces[seed % pieces.length];
  }
  assert.doesNotThrow(() => recogniseDates(noise, { documentDate: '2025-04-30' }));
  assert.doesNotThrow(() => findDocumentDate(noise));
});

test('linear time on long adversarial runs', () => {
  const runs = [
    '1'.repeat(200_000),
    '一'.repeat(200_000),
    '2025年'.repeat(40_000),
    'a'.repeat(200_000),
    '令和'.repeat(100_000),
  ];
  for (const text of runs) {
    const started = performance.now();
    recogniseDates(text);
    assert.ok(performance.now() - started < 2000, `slow on ${text.slice(0, 10)}…`);
  }
});

const SHARED = '/work/shared';

test('seeds against the gold dates', { skip: !existsSync(join(SHARED, 'gold')) }, () => {
  let gold = 0;
  let predicted = 0;
  let matched = 0;
  let rightValue = 0;
  const misses: string[] = [];
  for (const name of readdirSync(join(SHARED, 'gold')).filter((f) => f.endsWith('.json'))) {
    const annotation = JSON.parse(readFileSync(join(SHARED, 'gold', name), 'utf8')) as {
      entities: Array<{ kind: string; start: number; end: number; text: string; value?: string; optional?: boolean }>;
    };
    const text = readFileSync(join(SHARED, 'seeds', name.replace(/\.json$/, '.txt')), 'utf8').replace(/^\uFEFF/, '');
    const dates = annotation.entities.filter((e) => e.kind === 'date');
    const required = dates.filter((e) => !e.optional);
    const optional = new Set(dates.filter((e) => e.optional).map((e) => `${e.start}:${e.end}`));
    const documentDate = findDocumentDate(text);
    const mentions = recogniseDates(
      text,
      documentDate ? { documentDate: documentDate.value, documentDateRange: documentDate.range } : {},
    );
    const found = new Map(mentions.map((m) => [`${m.range.start}:${m.range.end}`, m]));
    gold += required.length;
    predicted += mentions.filter((m) => !optional.has(`${m.range.start}:${m.range.end}`)).length;
    for (const e of required) {
      const m = found.get(`${e.start}:${e.end}`);
      if (!m) {
        misses.push(`${name}: missed ${e.text}@${e.start}`);
        continue;
      }
      matched++;
      if (m.value === e.value) rightValue++;
      else misses.push(`${name}: ${e.text} value ${m.value} ≠ ${e.value}`);
    }
    const goldKeys = new Set(dates.map((e) => `${e.start}:${e.end}`));
    for (const m of mentions)
      if (!goldKeys.has(`${m.range.start}:${m.range.end}`)) misses.push(`${name}: spurious ${m.text}@${m.range.start}`);
  }
  const recall = matched / gold;
  const precision = matched / predicted;
  const values = rightValue / matched;
  console.log(
    `dates vs gold: recall ${recall.toFixed(3)} (${matched}/${gold}), precision ${precision.toFixed(3)} (${matched}/${predicted}), values ${values.toFixed(3)}`,
  );
  for (const miss of misses) console.log('  ' + miss);
  assert.ok(recall >= 0.95, `recall ${recall}`);
  assert.ok(precision >= 0.9, `precision ${precision}`);
  assert.ok(values >= 0.95, `values ${values}`);
});

const CORPUS = join(SHARED, 'corpus', 'egov-statutes');

test('statute corpus: no invalid dates or era mismatches, and fast', { skip: !existsSync(CORPUS) }, () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt'));
  const texts = files.map((f) => readFileSync(join(CORPUS, f), 'utf8'));
  const started = performance.now();
  let count = 0;
  const reported: string[] = [];
  texts.forEach((text, i) => {
    for (const m of recogniseDates(text)) {
      count++;
      for (const p of m.problems) {
        if (p.code === 'invalid-date' || p.code === 'era-mismatch')
          reported.push(`${files[i]}@${m.range.start}: ${p.message}`);
      }
    }
  });
  const elapsed = performance.now() - started;
  const megabytes = texts.reduce((n, t) => n + t.length, 0) / 1e6;
  console.log(
    `corpus: ${count} dates in ${files.length} statutes (${megabytes.toFixed(1)}M chars), ${elapsed.toFixed(0)} ms`,
  );
  for (const r of reported) console.log('  ' + r);
  assert.deepEqual(reported, []);
  assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
});
