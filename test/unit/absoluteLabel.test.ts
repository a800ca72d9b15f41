import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ABSOLUTE, readAbsoluteLabel } from '../../server/src/core/recognise/clauseReferences';

/** What the regex gives at `at`, as the offsets readAbsoluteLabel returns. */
function byRegex(text: string, at: number): { numberEnd: number; branchEnds: number[]; end: number } | undefined {
  const re = new RegExp(ABSOLUTE.source, 'y');
  re.lastIndex = at;
  const m = re.exec(text);
  if (!m) return undefined;
  const numberEnd = at + 1 + m[1]!.length;
  const branchEnds: number[] = [];
  let end = numberEnd + 1;
  for (const branch of m[3]!.match(/[のノ][^のノ]+/g) ?? []) branchEnds.push((end += branch.length));
  return { numberEnd, branchEnds, end: at + m[0].length };
}

test('the hand-written reader of 第N条 labels agrees with the pattern', () => {
  const fixed = [
    '第三条',
    '第十二条の二の三',
    '第１項',
    '第一二三四五六七八条',
    '第一二三四五六七八九条',
    '第三条の一部',
    '第五号ノ二',
    '第条',
    '第三',
    '第3章の1234567',
    '第百条の二の三の四の五の六',
    '第一編第二章',
  ];
  for (const text of fixed)
    for (let at = 0; at < text.length; at++)
      assert.deepEqual(readAbsoluteLabel(text, at), byRegex(text, at), `${text} at ${at}`);
  // Random strings over the characters that matter, with a fixed seed so that a failure repeats.
  const alphabet = ['第', '一', '十', '〇', '3', '３', '条', '項', '号', '編', 'の', 'ノ', 'は', ' ', '百'];
  let seed = 12345;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let k = 0; k < 3000; k++) {
    let text = '';
    for (let n = random(24); n > 0; n--) text += alphabet[random(alphabet.length)];
    for (let at = 0; at < text.length; at++)
      assert.deepEqual(readAbsoluteLabel(text, at), byRegex(text, at), `${text} at ${at}`);
  }
});
