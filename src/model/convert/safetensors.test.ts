import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from './safetensors';

/** A file by hand: header JSON (padded as the format's writers do) + data. */
function handMade(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips float32 tensors and string metadata', () => {
    const tensors = new Map([
      ['b.weight', { shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, -6.5]) }],
      ['a.bias', { shape: [1], values: Float32Array.from([0.25]) }],
    ]);
    const bytes = writeSafetensors(tensors, { config: '{"x":1}' });
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0); // padded header: data stays aligned
    const file = readSafetensors(bytes);
    expect(file.metadata).toEqual({ config: '{"x":1}' });
    expect([...file.tensors.keys()]).toEqual(['b.weight', 'a.bias']);
    expect(file.tensors.get('b.weight')).toEqual({ shape: [2, 3], dtype: 'F32', values: Float32Array.from([1, 2, 3, 4, 5, -6.5]) });
  });

  it('decodes F16 and BF16 to float32', () => {
    // 1.0, -2.0 as binary16; 1.0, -2.0 as bfloat16 (the top half of their float32).
    const data = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3f80, 0xc000]).buffer);
    const file = readSafetensors(handMade({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] }, b: { dtype: 'BF16', shape: [2], data_offsets: [4, 8] } }, data));
    expect([...file.tensors.get('h')!.values]).toEqual([1, -2]);
    expect([...file.tensors.get('b')!.values]).toEqual([1, -2]);
  });

  it.each([
    ['a short file', new Uint8Array(4), /expected at least 8 bytes/],
    ['a header past the end', handMade({}, new Uint8Array()).map((b, i) => (i === 0 ? 200 : b)), /expected a header length within the file/],
    ['a header that is not JSON', (() => { const b = handMade({}, new Uint8Array()); b[8] = 0x5b; return b; })(), /expected a JSON header/],
    ['an integer dtype', handMade({ t: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /tensor 't': expected dtype F32, F16 or BF16, got "I64"/],
    ['data past the end', handMade({ t: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)), /tensor 't': expected data_offsets \[begin, begin \+ 16\] within 8 data bytes/],
    ['a size that disagrees with the shape', handMade({ t: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), /expected data_offsets \[begin, begin \+ 12\]/],
    ['non-string metadata', handMade({ __metadata__: { n: 1 } }, new Uint8Array()), /__metadata__\.n: expected a string, got 1/],
  ])('refuses %s', (_, bytes, message) => {
    expect(() => readSafetensors(bytes as Uint8Array, 'x.safetensors')).toThrow(message);
    expect(() => readSafetensors(bytes as Uint8Array, 'x.safetensors')).toThrow(expect.objectContaining({ code: 'invalid-options' }));
  });
});
