import { describe, expect, it } from 'vitest';
import { JsonArraySplitter } from './json-array-splitter';

function split(text: string, pieceLength: number): unknown[] {
  const splitter = new JsonArraySplitter();
  const out: unknown[] = [];
  for (let i = 0; i < text.length; i += pieceLength) out.push(...splitter.push(text.slice(i, i + pieceLength)).map((e) => JSON.parse(e)));
  splitter.end();
  return out;
}

describe('JsonArraySplitter', () => {
  const value = [{ a: '],"{', b: [1, [2, { c: '\\"]' }]] }, 'x,y', 3.5, null, [], {}, '\u00e9\\'];

  it('gives JSON.parse\'s elements for pieces of every size, with any whitespace', () => {
    for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2), ` \n${JSON.stringify(value, null, '\t')}\n `]) {
      for (const pieceLength of [1, 2, 3, 7, 1000]) expect(split(text, pieceLength)).toEqual(value);
    }
    expect(split('[]', 1)).toEqual([]);
  });

  it('refuses what is not one array', () => {
    expect(() => split('{"a": 1}', 3)).toThrow('expected a JSON array, got "{"');
    expect(() => split('[1] [2]', 3)).toThrow('expected nothing after the array, got "["');
    expect(() => split('[1,,2]', 3)).toThrow('expected an element, got an empty one');
    expect(() => split('[1,]', 1)).toThrow('expected an element, got an empty one');
    expect(() => split('[1, 2', 3)).toThrow('the JSON array is not closed');
  });
});
