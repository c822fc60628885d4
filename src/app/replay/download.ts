/** Saving bytes the app made as a file: no network, no storage; a Blob URL and an <a download>. */
import { safeFileStem } from '../../core/session';

/** "<safe session name>.zip": the name the user typed, made file-safe; the id when the name has no letter or digit to keep. */
export function sessionZipFileName(session: { name: string; id: string }): string {
  // safeFileStem never returns '' (it substitutes 'annotator'), so test the name itself.
  const keepsSomething = /[\p{L}\p{N}]/u.test(session.name);
  return `${safeFileStem(keepsSomething ? session.name : session.id)}.zip`;
}

/** Offers `bytes` to the user as a download named `fileName`. */
export function downloadBytes(bytes: Uint8Array<ArrayBuffer>, fileName: string, mimeType = 'application/zip', doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
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
