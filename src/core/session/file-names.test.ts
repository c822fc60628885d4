import { describe, expect, it } from 'vitest';
import { mediaFileName, safeFileStem, uniqueFileStems } from './file-names';

describe('file names in the session zip', () => {
  it('derive the media extension from the MIME essence', () => {
    expect(mediaFileName('video/webm;codecs=vp8,opus')).toBe('media.webm');
    expect(mediaFileName('Video/MP4; codecs="avc1"')).toBe('media.mp4');
    expect(mediaFileName('application/x-unknown')).toBe('media.bin');
  });

  it('make typed names safe: no separators, dots in front, accents, device names or empties', () => {
    expect(safeFileStem('Zoë Martín')).toBe('Zoe_Martin');
    expect(safeFileStem('../../etc/passwd')).toBe('etc_passwd');
    expect(safeFileStem('a\\b:c*?"<>|')).toBe('a_b_c');
    expect(safeFileStem('..')).toBe('annotator');
    expect(safeFileStem('标注者')).toBe('annotator');
    expect(safeFileStem('CON')).toBe('_CON');
    expect(safeFileStem('x'.repeat(100))).toHaveLength(64);
  });

  it('give distinct names distinct stems, case-insensitively and apart from reserved ones', () => {
    const stems = uniqueFileStems(['Ann', 'ann', 'Ann', 'predictions', '标注者', '??'], ['predictions']);
    expect([...stems.entries()]).toEqual([
      ['Ann', 'Ann'],
      ['ann', 'ann-2'],
      ['predictions', 'predictions-2'],
      ['标注者', 'annotator'],
      ['??', 'annotator-2'],
    ]);
  });
});
