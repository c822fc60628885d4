/**
 * The frames of a format-2 zip (frame-rows.ts): predictions.json's rows joined with landmarks.f32, a
 * batch at a time, each batch validated like a manifest's frames and checked to follow the previous one.
 */
import { strFromU8 } from 'fflate';
import { AffectscopeError } from '../errors';
import { JsonArraySplitter } from '../json-array-splitter';
import { frameFromRow, readLandmarks } from './frame-rows';
import type { FrameRecord, SessionFrameFiles, SessionRecord } from './types';
import { validateSessionRecord } from './validate';
import { entryChunks, ZipEntryError, type ZipEntry, type ZipSource } from './zip-reader';

const invalid = (message: string, cause?: unknown) => new AffectscopeError('import-invalid', message, { cause });

/** Landmark values a parsed row asks for, its other faces' included (0 for anything the validator will refuse). */
function rowLandmarkValues(row: unknown): number {
  if (typeof row !== 'object' || row === null) return 0;
  const own = (value: unknown): number => {
    const n = typeof value === 'object' && value !== null ? (value as { landmarkValues?: unknown }).landmarkValues : undefined;
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
  };
  const others = (row as { otherFaces?: unknown }).otherFaces;
  return own(row) + (Array.isArray(others) ? others.reduce((sum: number, face) => sum + own(face), 0) : 0);
}

/** Turns batches of parsed rows + their landmark bytes into validated FrameRecords, keeping count across batches. */
export class FrameBatchDecoder {
  private rows = 0;
  private landmarkValues = 0;
  private lastMs = 0;

  constructor(
    private readonly session: SessionRecord,
    private readonly files: SessionFrameFiles,
  ) {}

  /** Bytes of landmarks.f32 that `rows` take. */
  landmarkBytes(rows: readonly unknown[]): number {
    let n = 0;
    for (const row of rows) n += rowLandmarkValues(row);
    return 4 * n;
  }

  /** `rows` (parsed JSON) with `landmarks` (exactly landmarkBytes(rows) bytes) → validated frames. */
  decode(rows: readonly unknown[], landmarks: Uint8Array): FrameRecord[] {
    let offset = 0;
    const frames = rows.map((row) =>
      frameFromRow(row, (n) => {
        const values = readLandmarks(landmarks, offset, n, this.files.landmarkDecimals);
        offset += 4 * n;
        return values;
      }),
    );
    const what = `${this.files.records} rows ${this.rows}–${this.rows + rows.length - 1}`;
    const clean = validateSessionRecord({ ...this.session, frames, annotations: [] }, 'import-invalid', what).frames;
    if (clean.length > 0 && clean[0].mediaTimeMs < this.lastMs) {
      throw invalid(`${what}: the first row's mediaTimeMs ${clean[0].mediaTimeMs} is before the previous row's ${this.lastMs}`);
    }
    this.lastMs = clean.at(-1)?.mediaTimeMs ?? this.lastMs;
    this.rows += rows.length;
    this.landmarkValues += offset / 4;
    return clean;
  }

  /** Throws unless the rows and landmark values read are the manifest's counts. */
  finish(frameCount: number): void {
    if (this.rows !== frameCount) throw invalid(`${this.files.records} holds ${this.rows} rows; the manifest says ${frameCount} frames`);
    if (this.landmarkValues !== this.files.landmarkValueCount) {
      throw invalid(`the rows of ${this.files.records} take ${this.landmarkValues} landmark values; the manifest says ${this.files.landmarkValueCount}`);
    }
  }
}

function landmarkSizeCheck(files: SessionFrameFiles, landmarksSize: number): void {
  if (landmarksSize !== 4 * files.landmarkValueCount) {
    throw invalid(`${files.landmarks} holds ${landmarksSize} bytes; the manifest says ${files.landmarkValueCount} Float32 values (${4 * files.landmarkValueCount} bytes)`);
  }
}

/** All frames at once, from the two entries' bytes (importSessionZip, sessions held in memory). */
export function framesFromEntries(session: SessionRecord, frameCount: number, files: SessionFrameFiles, records: Uint8Array, landmarks: Uint8Array): FrameRecord[] {
  landmarkSizeCheck(files, landmarks.length);
  let rows: unknown;
  try {
    rows = JSON.parse(strFromU8(records));
  } catch (error) {
    throw invalid(`${files.records} is not valid JSON (${(error as Error).message})`, error);
  }
  if (!Array.isArray(rows)) throw invalid(`${files.records}: expected a JSON array of rows`);
  const decoder = new FrameBatchDecoder(session, files);
  const needed = decoder.landmarkBytes(rows);
  if (needed > landmarks.length) throw invalid(`the rows of ${files.records} take more landmark values than ${files.landmarks} holds`);
  const frames = decoder.decode(rows, landmarks.subarray(0, needed));
  decoder.finish(frameCount);
  return frames;
}

/** An entry's unpacked bytes, taken n at a time. */
class EntryBytes {
  private readonly chunks: AsyncGenerator<Uint8Array>;
  private buffered: Uint8Array[] = [];
  private bufferedBytes = 0;

  constructor(
    source: ZipSource,
    private readonly entry: ZipEntry,
  ) {
    this.chunks = entryChunks(source, entry);
  }

  /** The next n bytes; 'import-invalid' when the entry ends first. */
  async take(n: number): Promise<Uint8Array> {
    while (this.bufferedBytes < n) {
      const next = await readEntry(this.entry, () => this.chunks.next());
      if (next.done) throw invalid(`"${this.entry.name}" ends before the rows that use it`);
      this.buffered.push(next.value);
      this.bufferedBytes += next.value.length;
    }
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const head = this.buffered[0];
      const used = Math.min(head.length, n - at);
      out.set(head.subarray(0, used), at);
      at += used;
      if (used === head.length) this.buffered.shift();
      else this.buffered[0] = head.subarray(used);
    }
    this.bufferedBytes -= n;
    return out;
  }

  /** Reads to the end (so a lying size is caught); 'import-invalid' when bytes are left. */
  async end(): Promise<void> {
    const next = await readEntry(this.entry, () => this.chunks.next());
    if (this.bufferedBytes > 0 || !next.done) throw invalid(`"${this.entry.name}" holds more than its rows use`);
  }
}

/** Runs a read of `entry`, turning the reader's failures into 'import-invalid' messages naming it. */
export async function readEntry<T>(entry: ZipEntry, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ZipEntryError && error.reason !== 'corrupt') throw invalid(`"${entry.name}" in the zip is corrupt: ${error.message}`, error);
    if (error instanceof AffectscopeError) throw error;
    throw invalid(`"${entry.name}" in the zip is corrupt (${(error as Error).message})`, error);
  }
}

/**
 * The frames, `framesPerBatch` at a time, read from the two entries as they are inflated: one batch
 * of rows and its landmarks is held, never the whole entries.
 */
export async function* streamFrames(
  source: ZipSource,
  session: SessionRecord,
  frameCount: number,
  files: SessionFrameFiles,
  entries: { records: ZipEntry; landmarks: ZipEntry },
  framesPerBatch: number,
): AsyncGenerator<FrameRecord[]> {
  landmarkSizeCheck(files, entries.landmarks.originalSize);
  const decoder = new FrameBatchDecoder(session, files);
  const landmarks = new EntryBytes(source, entries.landmarks);
  const splitter = new JsonArraySplitter();
  const text = new TextDecoder('utf-8', { fatal: true });
  const records = entryChunks(source, entries.records);
  let rows: unknown[] = [];
  const batch = async () => {
    const taken = rows;
    rows = [];
    return decoder.decode(taken, await landmarks.take(decoder.landmarkBytes(taken)));
  };
  for (;;) {
    const next = await readEntry(entries.records, () => records.next());
    const elements = readEntrySync(entries.records, () => splitter.push(next.done ? text.decode() : text.decode(next.value, { stream: true })));
    for (const element of elements) {
      rows.push(readEntrySync(entries.records, () => JSON.parse(element)));
      if (rows.length >= framesPerBatch) yield await batch();
    }
    if (next.done) break;
  }
  readEntrySync(entries.records, () => splitter.end());
  if (rows.length > 0) yield await batch();
  await landmarks.end();
  decoder.finish(frameCount);
}

function readEntrySync<T>(entry: ZipEntry, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw invalid(`${entry.name} is not a valid JSON array of rows (${(error as Error).message})`, error);
  }
}
