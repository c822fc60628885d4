/** Saving bytes the app made as a file: no network, no storage; a save picker, or a Blob URL and an <a download>. */
import { safeFileStem } from '../../core/session';

/** "<safe session name>.zip": the name the user typed, made file-safe; the id when the name has no letter or digit to keep. */
export function sessionZipFileName(session: { name: string; id: string }): string {
  // safeFileStem never returns '' (it substitutes 'annotator'), so test the name itself.
  const keepsSomething = /[\p{L}\p{N}]/u.test(session.name);
  return `${safeFileStem(keepsSomething ? session.name : session.id)}.zip`;
}

/** Offers `blob` to the user as a download named `fileName`. */
export function downloadBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  doc.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The click has started the download by the time a task later runs; revoking at once can cancel it in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** Where a streamed file goes, a piece at a time. */
export interface FileSink {
  write(bytes: Uint8Array): Promise<void>;
  /** the file is complete: saved, or offered as a download */
  close(): Promise<void>;
  /** nothing is saved */
  abort(): Promise<void>;
}

interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string; types: Array<{ description: string; accept: Record<string, string[]> }> }) => Promise<{
    createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
  }>;
}

/** Pieces gathered into one Blob part at a time: the zip writer emits many small pieces, and a Blob per piece costs the blob store more. */
const BLOB_PART_BYTES = 4 * 1024 * 1024;

/** Gathers the pieces as Blob parts (held by the browser's blob store, not as one JS string or array), downloaded on close. */
export function blobDownloadSink(fileName: string, mimeType = 'application/zip', doc: Document = document): FileSink {
  let parts: Blob[] = [];
  let pending: Uint8Array<ArrayBuffer>[] = [];
  let pendingBytes = 0;
  const seal = () => {
    if (pending.length > 0) parts.push(new Blob(pending));
    pending = [];
    pendingBytes = 0;
  };
  return {
    write: async (bytes) => {
      pending.push(bytes.slice() as Uint8Array<ArrayBuffer>);
      pendingBytes += bytes.length;
      if (pendingBytes >= BLOB_PART_BYTES) seal();
    },
    close: async () => {
      seal();
      downloadBlob(new Blob(parts, { type: mimeType }), fileName, doc);
    },
    abort: async () => {
      parts = [];
      pending = [];
    },
  };
}

/**
 * A sink for a zip named `fileName`: the save picker's file (written as the bytes come) where the browser
 * has showSaveFilePicker, else blobDownloadSink. null when the user cancels the picker. Browsers driven by
 * automation (navigator.webdriver, e.g. Playwright) get the download, which they can catch; a native picker they cannot.
 */
export async function openZipSink(fileName: string, win: Window = window): Promise<FileSink | null> {
  const picker = (win as unknown as SaveFilePickerWindow).showSaveFilePicker;
  if (typeof picker !== 'function' || win.navigator.webdriver) return blobDownloadSink(fileName, 'application/zip', win.document);
  let handle;
  try {
    handle = await picker.call(win, { suggestedName: fileName, types: [{ description: 'affectscope session', accept: { 'application/zip': ['.zip'] } }] });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
  const writable = await handle.createWritable();
  return { write: (bytes) => writable.write(bytes), close: () => writable.close(), abort: () => writable.abort() };
}
