// NumPy .npy / .npz reading and writing for the data tools (format spec:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html). C order, little-endian only.
// An .npz is a zip of .npy files (numpy.savez); fflate inflates it, zip64 headers included.
import { unzipSync, zipSync } from 'fflate';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** descr → typed-array constructor; '|b1' (bool) is read as 0/1 bytes. */
const TYPED = {
  '|u1': Uint8Array, '|i1': Int8Array, '|b1': Uint8Array,
  '<u2': Uint16Array, '<i2': Int16Array, '<u4': Uint32Array, '<i4': Int32Array,
  '<f4': Float32Array, '<f8': Float64Array, '<i8': BigInt64Array, '<u8': BigUint64Array,
};

export class NpyError extends Error {
  constructor(message) {
    super(message);
    this.name = 'NpyError';
  }
}

function parseHeaderDict(text, what) {
  const descr = /'descr':\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyError(`${what}: expected a header dict with descr, fortran_order and shape, got ${JSON.stringify(text.trim())}`);
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new NpyError(`${what}: expected a shape of non-negative integers, got (${shapeText})`);
  return { descr, fortranOrder: fortran === 'True', shape };
}

/** Decodes fixed-width UTF-32LE ('<U<n>') strings, trailing NULs stripped. */
function decodeUnicode(bytes, count, width) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    for (let c = 0; c < width; c++) {
      const code = view.getUint32((i * width + c) * 4, true);
      if (code === 0) break;
      s += String.fromCodePoint(code);
    }
    out.push(s);
  }
  return out;
}

/**
 * Parses one .npy file. Returns {descr, shape, data}: data is a typed array (a copy, aligned) for numeric
 * dtypes or a string[] for '<U<n>'. Throws NpyError on a bad magic, header, dtype, Fortran order or length.
 */
export function parseNpy(bytes, what = '.npy') {
  if (!(bytes instanceof Uint8Array) || bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyError(`${what}: expected the .npy magic \\x93NUMPY, got ${bytes?.length ?? 0} bytes that do not start with it`);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength, headerStart;
  if (major === 1) [headerLength, headerStart] = [view.getUint16(8, true), 10];
  else if (major === 2 || major === 3) [headerLength, headerStart] = [view.getUint32(8, true), 12];
  else throw new NpyError(`${what}: expected .npy format version 1, 2 or 3, got ${major}`);
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new NpyError(`${what}: header of ${headerLength} bytes runs past the end of the file`);
  const header = parseHeaderDict(new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart)), what);
  const count = header.shape.reduce((a, b) => a * b, 1);
  if (header.fortranOrder && header.shape.length > 1) throw new NpyError(`${what}: expected C order, got fortran_order True`);
  const body = bytes.subarray(dataStart);
  const unicode = /^<U(\d+)$/.exec(header.descr);
  if (unicode) {
    const width = Number(unicode[1]);
    if (body.length < count * width * 4) throw new NpyError(`${what}: expected ${count * width * 4} data bytes for ${header.descr}, got ${body.length}`);
    return { descr: header.descr, shape: header.shape, data: decodeUnicode(body, count, width) };
  }
  const Typed = TYPED[header.descr];
  if (!Typed) throw new NpyError(`${what}: unsupported dtype ${header.descr} (expected one of ${Object.keys(TYPED).join(', ')}, <U<n>)`);
  const byteCount = count * Typed.BYTES_PER_ELEMENT;
  if (body.length < byteCount) throw new NpyError(`${what}: expected ${byteCount} data bytes for shape (${header.shape}) ${header.descr}, got ${body.length}`);
  const copy = body.slice(0, byteCount); // fresh buffer: typed-array views need alignment
  return { descr: header.descr, shape: header.shape, data: new Typed(copy.buffer, 0, count) };
}

function descrOf(data) {
  for (const [descr, Typed] of Object.entries(TYPED)) if (descr !== '|b1' && data instanceof Typed) return descr;
  throw new NpyError(`expected a typed array to write, got ${data?.constructor?.name ?? typeof data}`);
}

/** The .npy header (version 1.0) for `descr` and `shape`, padded so the data starts at a multiple of 64. */
export function npyHeader(descr, shape) {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  if (dict.length > 0xffff) throw new NpyError(`header too long for .npy version 1.0: ${dict.length} bytes`);
  const header = new Uint8Array(10 + dict.length);
  header.set(MAGIC);
  header[6] = 1;
  header[7] = 0;
  new DataView(header.buffer).setUint16(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) header[10 + i] = dict.charCodeAt(i);
  return header;
}

/** Encodes a typed array as .npy with `shape` (default: 1-D); the dtype follows the array type. */
export function encodeNpy(data, shape = [data.length]) {
  const descr = descrOf(data);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new NpyError(`expected ${count} values for shape (${shape}), got ${data.length}`);
  const header = npyHeader(descr, shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length);
  return out;
}

/** Reads every array of an .npz (zip of .npy) into {name: {descr, shape, data}}, names without '.npy'. */
export function parseNpz(bytes, what = '.npz') {
  let entries;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new NpyError(`${what}: expected a zip archive (.npz), got ${error instanceof Error ? error.message : String(error)}`);
  }
  const arrays = {};
  for (const [name, content] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) continue;
    const key = name.slice(0, -4);
    arrays[key] = parseNpy(content, `${what}:${name}`);
  }
  return arrays;
}

/** An .npz (stored, uncompressed, like numpy.savez) of {name: {data, shape}}. */
export function encodeNpz(arrays) {
  const files = {};
  for (const [name, { data, shape }] of Object.entries(arrays)) files[`${name}.npy`] = [encodeNpy(data, shape), { level: 0 }];
  return zipSync(files);
}
