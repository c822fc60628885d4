/**
 * Reads a zip's central directory and inflates one entry, never past the size its header declares.
 * fflate's unzipSync inflates an entry to the end of its deflate stream and then cuts the output to the
 * declared size: a 100 KB entry declaring 64 B still costs 100 MiB of inflating. Throws plain Errors
 * with a short reason; zip-import turns them into AffectscopeErrors.
 */
import { Inflate, strFromU8 } from 'fflate';

/** One central-directory record (APPNOTE 4.3.12). */
export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflate, anything else: unsupported */
  compression: number;
  /** bytes in the zip */
  compressedSize: number;
  /** declared size once unpacked, bytes */
  originalSize: number;
  /** offset of the entry's local header in the zip, bytes */
  localHeaderOffset: number;
  /** general purpose bit 0: encrypted */
  encrypted: boolean;
}

const END_OF_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_MARK = 0xffffffff;
/** compressed bytes fed to the inflater at a time: deflate expands at most ~1032:1, so one slice overshoots by ≤ ~16 MiB */
const INFLATE_SLICE_BYTES = 16 * 1024;

/** The end-of-central-directory record's offset in `tail` (the last bytes of a zip), or -1. */
function findEndOfDirectory(tail: Uint8Array): number {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let at = tail.length - 22; at >= Math.max(0, tail.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

/** Offset of the central directory in the zip, from the end record in `tail`. */
function directoryOffset(tail: Uint8Array, end: number): number {
  return new DataView(tail.buffer, tail.byteOffset, tail.byteLength).getUint32(end + 16, true);
}

/**
 * The entries of a zip, in central-directory order. `zip` holds the zip's bytes from `baseOffset` (0:
 * the whole zip) to its end, which must include the central directory.
 */
export function readZipDirectory(zip: Uint8Array, baseOffset = 0): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEndOfDirectory(zip);
  if (end < 0) throw new Error('no end of central directory');
  const count = view.getUint16(end + 10, true);
  const offset = directoryOffset(zip, end);
  if (count === 0xffff || offset === ZIP64_MARK) throw new Error('ZIP64 archives are not written by affectscope');
  let at = offset - baseOffset;
  if (at < 0) throw new Error('the central directory starts before the bytes read');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== CENTRAL_HEADER) throw new Error(`central directory entry ${i} is missing`);
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > zip.length) throw new Error(`central directory entry ${i} is cut off`);
    // bit 11: the name is UTF-8, else CP437 (read as Latin-1, as fflate does)
    const name = strFromU8(zip.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) === 0);
    const entry: ZipEntry = {
      name,
      compression: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      originalSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
      encrypted: (flags & 1) === 1,
    };
    if (entry.compressedSize === ZIP64_MARK || entry.originalSize === ZIP64_MARK || entry.localHeaderOffset === ZIP64_MARK) {
      throw new Error(`"${name}" needs ZIP64, which affectscope does not write`);
    }
    entries.push(entry);
    at = next;
  }
  return entries;
}

/** The entry's bytes as stored in the zip (still compressed when compression is 8). */
export function entryBytes(zip: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL_HEADER) throw new Error('its local header is missing');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > zip.length) throw new Error('its data is cut off');
  return zip.subarray(start, start + entry.compressedSize);
}

/** Outcome of inflateAtMost: the bytes, or `tooLong` when the stream holds more than the limit (inflating stopped there). */
export type BoundedInflate = { bytes: Uint8Array; tooLong: false } | { bytes: null; tooLong: true };

/** Inflates raw deflate `data`, stopping as soon as the output passes `maxBytes`. */
export function inflateAtMost(data: Uint8Array, maxBytes: number): BoundedInflate {
  const out = new Uint8Array(maxBytes);
  let length = 0;
  let tooLong = false;
  const inflater = new Inflate((chunk) => {
    if (tooLong) return;
    if (length + chunk.length > maxBytes) {
      tooLong = true;
      return;
    }
    out.set(chunk, length);
    length += chunk.length;
  });
  for (let at = 0; at < data.length && !tooLong; at += INFLATE_SLICE_BYTES) {
    const end = Math.min(at + INFLATE_SLICE_BYTES, data.length);
    inflater.push(data.subarray(at, end), end === data.length);
  }
  if (data.length === 0) inflater.push(data, true);
  return tooLong ? { bytes: null, tooLong } : { bytes: out.subarray(0, length), tooLong };
}

/** A zip read by byte ranges (a File sliced, or bytes in memory), so it is never held whole. */
export interface ZipSource {
  /** bytes in the zip */
  size: number;
  /** `length` bytes from `offset` (fewer only at the end) */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function bytesZipSource(bytes: Uint8Array): ZipSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** readZipDirectory on a ZipSource: reads the last ≤ 64 KiB, then the central directory if it starts earlier. */
export async function readZipDirectoryFrom(source: ZipSource): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, source.size - 22 - 0xffff);
  const tail = await source.read(tailStart, source.size - tailStart);
  const end = findEndOfDirectory(tail);
  if (end < 0) throw new Error('no end of central directory');
  const offset = directoryOffset(tail, end);
  if (offset >= tailStart || offset === ZIP64_MARK || offset > source.size) return readZipDirectory(tail, tailStart);
  return readZipDirectory(await source.read(offset, source.size - offset), offset);
}

/** compressed bytes read from the source at a time */
const READ_SLICE_BYTES = 1024 * 1024;

/** Why entryChunks stopped: the entry unpacks to more or less than declared, or its bytes are missing/corrupt. */
export class ZipEntryError extends Error {
  constructor(
    readonly reason: 'too-long' | 'too-short' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The entry's unpacked bytes, a piece at a time (≤ ~16 MiB each): stored entries as read, deflated ones
 * inflated as they are read, stopping as soon as the output passes the declared size ('too-long'), and
 * checking at the end that it reaches it ('too-short'). Only one slice of the zip is held at a time.
 */
export async function* entryChunks(source: ZipSource, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  const header = await source.read(entry.localHeaderOffset, 30);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || view.getUint32(0, true) !== LOCAL_HEADER) throw new ZipEntryError('corrupt', 'its local header is missing');
  const start = entry.localHeaderOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  const end = start + entry.compressedSize;
  if (end > source.size) throw new ZipEntryError('corrupt', 'its data is cut off');
  if (entry.compression === 0) {
    for (let at = start; at < end; at += READ_SLICE_BYTES) yield await source.read(at, Math.min(READ_SLICE_BYTES, end - at));
    return;
  }
  let total = 0;
  let out: Uint8Array[] = [];
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total <= entry.originalSize) out.push(chunk);
  });
  const push = (data: Uint8Array, final: boolean) => {
    try {
      inflater.push(data, final);
    } catch (error) {
      throw new ZipEntryError('corrupt', (error as Error).message);
    }
    if (total > entry.originalSize) throw new ZipEntryError('too-long', `it unpacks to more than the ${entry.originalSize} bytes its header declares`);
  };
  if (start === end) push(new Uint8Array(0), true);
  for (let at = start; at < end; at += READ_SLICE_BYTES) {
    const slice = await source.read(at, Math.min(READ_SLICE_BYTES, end - at));
    for (let i = 0; i < slice.length; i += INFLATE_SLICE_BYTES) {
      const last = at + i + INFLATE_SLICE_BYTES >= end;
      push(slice.subarray(i, i + INFLATE_SLICE_BYTES), last);
      if (out.length > 0) {
        const pieces = out;
        out = [];
        for (const piece of pieces) yield piece;
      }
    }
  }
  if (total !== entry.originalSize) throw new ZipEntryError('too-short', `it unpacks to ${total} bytes, not the ${entry.originalSize} its header declares`);
}
