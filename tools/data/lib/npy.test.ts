import { describe, expect, it } from 'vitest';
import { encodeNpy, encodeNpz, NpyError, parseNpy, parseNpz } from './npy.mjs';

// Independent values: the bytes below were written by numpy 2.4.6 (np.save / np.savez_compressed).
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const NUMPY_F4_2x3 = b64('k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAQEAAAIA+bxKDOgAA4MA=');
const NUMPY_I1 = b64('k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr/AAY=');
const NUMPY_U7 = b64('k05VTVBZAQB2AHsnZGVzY3InOiAnPFU3JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIApOAAAAZQAAAHUAAAB0AAAAcgAAAGEAAABsAAAAQQAAAG4AAABnAAAAZQAAAHIAAAAAAAAAAAAAAMQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
// np.savez_compressed(images=np.arange(12, dtype=uint8).reshape(2, 2, 3), labels=int8 [4, 6]): deflated, zip64 local headers.
const NUMPY_NPZ = b64('UEsDBC0AAAAIAAAAIQDFIoSg//////////8KABQAaW1hZ2VzLm5weQEAEACMAAAAAAAAAFQAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgXlNqqK6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaRjoKQGSsqaNQq0Ae4GJgZGJmYWVj5+Dk4gYAUEsDBC0AAAAIAAAAIQCSFeLc//////////8KABQAbGFiZWxzLm5weQEAEACCAAAAAAAAAEYAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgXpNpqK6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaRjqaOgq1ChQALhY2AFBLAQItAy0AAAAIAAAAIQDFIoSgVAAAAIwAAAAKAAAAAAAAAAAAAACAAQAAAABpbWFnZXMubnB5UEsBAi0DLQAAAAgAAAAhAJIV4txGAAAAggAAAAoAAAAAAAAAAAAAAIABkAAAAGxhYmVscy5ucHlQSwUGAAAAAAIAAgBwAAAAEgEAAAAA');

describe('parseNpy', () => {
  it('reads numpy float32, int8 and unicode arrays', () => {
    const f = parseNpy(NUMPY_F4_2x3);
    expect(f.descr).toBe('<f4');
    expect(f.shape).toEqual([2, 3]);
    expect(Array.from(f.data as Float32Array)).toEqual([1.5, -2, 3, 0.25, Math.fround(1e-3), -7]);
    const i = parseNpy(NUMPY_I1);
    expect(i.shape).toEqual([3]);
    expect(Array.from(i.data as Int8Array)).toEqual([-1, 0, 6]);
    expect(parseNpy(NUMPY_U7).data).toEqual(['Neutral', 'Anger', 'Ä']);
  });

  it('refuses a bad magic, a truncated body and an unsupported dtype, saying what it expected', () => {
    expect(() => parseNpy(new Uint8Array(20))).toThrow(/expected the \.npy magic/);
    expect(() => parseNpy(NUMPY_F4_2x3.subarray(0, NUMPY_F4_2x3.length - 4))).toThrow(/expected 24 data bytes/);
    const complex = encodeNpy(new Float32Array(2));
    complex.set(new TextEncoder().encode('<c8'), complex.indexOf(0x3c)); // '<f4' → '<c8'
    expect(() => parseNpy(complex)).toThrow(NpyError);
  });
});

describe('encodeNpy', () => {
  it('writes the bytes numpy writes', () => {
    expect(encodeNpy(new Float32Array([1.5, -2, 3, 0.25, 1e-3, -7]), [2, 3])).toEqual(NUMPY_F4_2x3);
    expect(encodeNpy(new Int8Array([-1, 0, 6]))).toEqual(NUMPY_I1);
  });

  it('round-trips every numeric dtype and puts the data at a multiple of 64 bytes', () => {
    for (const data of [new Uint8Array([0, 255]), new Uint16Array([1, 65535]), new Int32Array([-5, 7]), new Float64Array([Math.PI, -0.5])]) {
      const bytes = encodeNpy(data, [1, 2]);
      expect((bytes.length - data.byteLength) % 64).toBe(0);
      const back = parseNpy(bytes);
      expect(back.shape).toEqual([1, 2]);
      expect(Array.from(back.data as ArrayLike<number>)).toEqual(Array.from(data));
    }
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => encodeNpy(new Uint8Array(5), [2, 3])).toThrow(/expected 6 values/);
  });
});

describe('parseNpz / encodeNpz', () => {
  it('reads a numpy savez_compressed archive with zip64 headers', () => {
    const arrays = parseNpz(NUMPY_NPZ);
    expect(arrays.images.shape).toEqual([2, 2, 3]);
    expect(Array.from(arrays.images.data as Uint8Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Array.from(arrays.labels.data as Int8Array)).toEqual([4, 6]);
  });

  it('round-trips its own archives and refuses a file that is not a zip', () => {
    const bytes = encodeNpz({ a: { data: new Float32Array([1, 2]), shape: [2] }, b: { data: new Uint8Array(4), shape: [2, 2] } });
    const back = parseNpz(bytes);
    expect(Object.keys(back).sort()).toEqual(['a', 'b']);
    expect(back.b.shape).toEqual([2, 2]);
    expect(() => parseNpz(new TextEncoder().encode('not a zip at all'))).toThrow(/expected a zip archive/);
  });
});
