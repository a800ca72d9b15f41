import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex, stripByteOrderMark } from '../../server/src/core/text/lineIndex';

test('positions count UTF-16 code units, so an astral kanji is two', () => {
  const index = new LineIndex('𠮷野\n𠮷a');
  assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
  assert.deepEqual(index.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(6), { line: 1, character: 2 });
  assert.equal(index.offsetAt({ line: 1, character: 2 }), 6);
});

test('CRLF, LF and lone CR all end a line', () => {
  const text = 'a\r\nb\nc\rd';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(
    [0, 1, 2, 3].map((l) => index.lineText(l)),
    ['a', 'b', 'c', 'd'],
  );
  assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
  assert.equal(index.lineEnd(0), 1);
});

test('positions and offsets are clamped rather than thrown at', () => {
  const index = new LineIndex('ab\ncd');
  assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
  assert.deepEqual(index.positionAt(99), { line: 1, character: 2 });
  assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
  assert.equal(index.offsetAt({ line: 9, character: 0 }), 5);
  assert.equal(index.offsetAt({ line: -1, character: 0 }), 0);
});

test('every offset survives a round trip through positions', () => {
  const text = '\u3000第一条　𠮷\r\n２　（１）\n\n①\r末';
  const index = new LineIndex(text);
  for (let offset = 0; offset <= text.length; offset++) {
    // An offset between \r and \n is not a position of its own.
    if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
    assert.equal(index.offsetAt(index.positionAt(offset)), offset, `offset ${offset}`);
  }
});

test('the byte-order mark is removed', () => {
  assert.equal(stripByteOrderMark('\ufeff第一条'), '第一条');
  assert.equal(stripByteOrderMark('第一条'), '第一条');
});
