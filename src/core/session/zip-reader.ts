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

/** The entries of `zip`, in central-directory order. */
export function readZipDirectory(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === ZIP64_MARK) throw new Error('ZIP64 archives are not written by affectscope');
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
