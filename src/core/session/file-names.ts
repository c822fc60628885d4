/** File names inside the session zip. */

const EXTENSIONS: Record<string, string> = {
  'video/webm': 'webm',
  'audio/webm': 'webm',
  'video/mp4': 'mp4',
  'audio/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/x-matroska': 'mkv',
  'audio/ogg': 'ogg',
};

/** "media.<ext>" from the MIME type's essence ("video/webm;codecs=vp8" → "media.webm"); "media.bin" when unknown. */
export function mediaFileName(mimeType: string): string {
  const essence = mimeType.split(';')[0].trim().toLowerCase();
  return `media.${EXTENSIONS[essence] ?? 'bin'}`;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_STEM_LENGTH = 64;

/**
 * A name typed by a person → a file-name stem that is safe on every OS and in every unzip tool:
 * ASCII letters, digits, '.', '_' and '-' only (accents stripped, anything else '_'), no leading dot,
 * no path separators, at most 64 characters, never empty or a Windows device name.
 */
export function safeFileStem(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let stem = ascii.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '').slice(0, MAX_STEM_LENGTH).replace(/[._-]+$/, '');
  if (stem === '') stem = 'annotator';
  if (WINDOWS_RESERVED.test(stem)) stem = `_${stem}`;
  return stem;
}

/**
 * One distinct stem per distinct name, in first-seen order; stems differ case-insensitively (for
 * case-insensitive file systems) and from every `reserved` stem: "Ann" and "ann" → "Ann", "ann-2".
 * `stemOf` makes a name's stem before it is made unique (safeFileStem by default).
 */
export function uniqueFileStems(names: readonly string[], reserved: readonly string[] = [], stemOf: (name: string) => string = safeFileStem): Map<string, string> {
  const taken = new Set(reserved.map((r) => r.toLowerCase()));
  const stems = new Map<string, string>();
  for (const name of names) {
    if (stems.has(name)) continue;
    const base = stemOf(name);
    let stem = base;
    for (let k = 2; taken.has(stem.toLowerCase()); k++) stem = `${base}-${k}`;
    taken.add(stem.toLowerCase());
    stems.set(name, stem);
  }
  return stems;
}
