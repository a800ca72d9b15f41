import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseCircledNumber,
  parseJapaneseNumber,
  parseRomanNumeral,
  toHalfWidthDigits,
  toKanjiNumber,
  toRomanNumeral,
} from '../../server/src/core/text/japaneseNumerals';

const numbers: Array<[string, number | undefined]> = [
  ['1', 1],
  ['２０２６', 2026],
  ['一', 1],
  ['十', 10],
  ['十一', 11],
  ['二十九', 29],
  ['百', 100],
  ['百五', 105],
  ['三百二十一', 321],
  ['千', 1000],
  ['二千二十六', 2026],
  ['一万二千', 12000],
  ['二〇二六', 2026],
  ['〇', 0],
  ['', undefined],
  ['二二十', undefined],
  ['abc', undefined],
  ['元', undefined],
];
for (const [text, expected] of numbers)
  test(`parseJapaneseNumber(${JSON.stringify(text)})`, () => assert.equal(parseJapaneseNumber(text), expected));

test('kanji numbers round-trip from 1 to 3000', () => {
  for (let n = 1; n <= 3000; n++) assert.equal(parseJapaneseNumber(toKanjiNumber(n)), n, toKanjiNumber(n));
});

test('Roman numerals round-trip and reject non-canonical words', () => {
  for (let n = 1; n <= 200; n++) assert.equal(parseRomanNumeral(toRomanNumeral(n)), n);
  assert.equal(parseRomanNumeral('iv'), 4);
  assert.equal(parseRomanNumeral('Ⅳ'), 4);
  for (const word of ['IIII', 'VV', 'IC', 'MIX', 'DID', '', 'ABC'])
    assert.equal(parseRomanNumeral(word), word === 'MIX' ? 1009 : undefined, word);
});

test('circled numbers', () => {
  assert.equal(parseCircledNumber('①'), 1);
  assert.equal(parseCircledNumber('⑳'), 20);
  assert.equal(parseCircledNumber('㉑'), 21);
  assert.equal(parseCircledNumber('㊿'), 50);
  assert.equal(parseCircledNumber('1'), undefined);
});

test('full-width digits become ASCII without changing length', () => {
  assert.equal(toHalfWidthDigits('令和３（２０２１）年'), '令和3（2021）年');
});
