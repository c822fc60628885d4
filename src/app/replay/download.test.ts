import { describe, expect, it, vi } from 'vitest';
import { blobDownloadSink, sessionZipFileName } from './download';
import { formatReplayTime } from './replay-controls';

describe('sessionZipFileName', () => {
  it('makes the typed name file-safe', () => {
    expect(sessionZipFileName({ name: 'Calm reading: take 2/3', id: 'x' })).toBe('Calm_reading_take_2_3.zip');
    expect(sessionZipFileName({ name: 'Émilie', id: 'x' })).toBe('Emilie.zip');
  });

  it('falls back to the id when nothing of the name survives', () => {
    expect(sessionZipFileName({ name: '   ', id: 'b1f0c7de-test' })).toBe('b1f0c7de-test.zip');
    expect(sessionZipFileName({ name: '../..', id: 'b1f0c7de-test' })).toBe('b1f0c7de-test.zip');
  });
});

describe('formatReplayTime', () => {
  it('m:ss.t, truncated to tenths', () => {
    expect(formatReplayTime(0)).toBe('0:00.0');
    expect(formatReplayTime(83_499)).toBe('1:23.4');
    expect(formatReplayTime(600_000)).toBe('10:00.0');
    expect(formatReplayTime(-5)).toBe('0:00.0');
  });
});

describe('blobDownloadSink', () => {
  it('downloads the pieces as one Blob of the same bytes, named as asked', async () => {
    const clicked: Array<{ href: string; download: string }> = [];
    const blobs = new Map<string, Blob>();
    const doc = {
      createElement: () => {
        const link = { href: '', download: '', style: {}, click: () => clicked.push({ href: link.href, download: link.download }), remove: () => undefined };
        return link;
      },
      body: { appendChild: () => undefined },
    } as unknown as Document;
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.set('blob:1', blob as Blob), 'blob:1'));
    const sink = blobDownloadSink('s.zip', 'application/zip', doc);
    const pieces = [new Uint8Array([1, 2, 3]), new Uint8Array(5 * 1024 * 1024).fill(7), new Uint8Array([9])];
    for (const piece of pieces) await sink.write(piece);
    pieces[0][0] = 42; // the sink copied what it was given
    await sink.close();
    create.mockRestore();
    expect(clicked).toEqual([{ href: 'blob:1', download: 's.zip' }]);
    const bytes = new Uint8Array(await blobs.get('blob:1')!.arrayBuffer());
    expect(bytes.length).toBe(3 + 5 * 1024 * 1024 + 1);
    expect([bytes[0], bytes[3], bytes.at(-1)]).toEqual([1, 7, 9]);
    expect(blobs.get('blob:1')!.type).toBe('application/zip');
  });
});
