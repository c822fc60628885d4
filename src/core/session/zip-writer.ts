/**
 * A zip written entry by entry with fflate's streaming Zip: entries are written one after another (fflate
 * buffers a later entry's output until the earlier ones end, so they are never open at once), and the
 * zip's bytes are handed to `emit` as they are made. Nothing but the entry being deflated is held.
 */
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
import { AffectscopeError } from '../errors';

/** Offsets and sizes of a zip without ZIP64 (which fflate does not write) are 32-bit. */
const MAX_ZIP_BYTES = 0xffffffff;

export class StreamingZipWriter {
  private readonly zip: Zip;
  private entry: ZipDeflate | ZipPassThrough | null = null;
  private entryName = '';
  /** bytes emitted so far */
  bytesWritten = 0;

  /** `mtime`: the time stamped on every entry (DOS time, 1980–2099), so equal input gives equal bytes. */
  constructor(
    private readonly mtime: Date,
    emit: (bytes: Uint8Array) => void,
  ) {
    this.zip = new Zip((error, data) => {
      if (error) throw error;
      this.bytesWritten += data.length;
      if (this.bytesWritten > MAX_ZIP_BYTES) {
        throw new AffectscopeError('invalid-options', `the export would be larger than 4 GiB (while writing "${this.entryName}"), which a zip without ZIP64 cannot hold`);
      }
      emit(data);
    });
  }

  /** Starts the next entry; `level` 0 stores it (for media, already compressed), else deflates at that level. */
  open(name: string, level: 0 | 6): void {
    if (this.entry) throw new Error(`zip: "${this.entryName}" is still open`);
    const entry = level === 0 ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
    entry.mtime = this.mtime;
    this.zip.add(entry);
    this.entry = entry;
    this.entryName = name;
  }

  /** Appends to the open entry. */
  write(data: Uint8Array | string): void {
    if (!this.entry) throw new Error('zip: no entry is open');
    const bytes = typeof data === 'string' ? strToU8(data) : data;
    if (bytes.length > 0) this.entry.push(bytes, false);
  }

  close(): void {
    if (!this.entry) throw new Error('zip: no entry is open');
    this.entry.push(new Uint8Array(0), true);
    this.entry = null;
  }

  /** A whole entry at once. */
  file(name: string, data: Uint8Array | string, level: 0 | 6 = 6): void {
    this.open(name, level);
    this.write(data);
    this.close();
  }

  /** Writes the central directory. */
  end(): void {
    if (this.entry) throw new Error(`zip: "${this.entryName}" is still open`);
    this.zip.end();
  }
}
