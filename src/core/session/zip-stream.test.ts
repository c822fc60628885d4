import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { Sha256, sha256Hex, type StreamingHash } from './sha256';
import { makeTestSession } from './test-session';
import type { FrameRecord, SessionRecord } from './types';
import { exportSessionZip, writeSessionZip } from './zip-export';
import { importSessionZip } from './zip-import';
import { importSessionZipStream, type SessionImportSink } from './zip-import-stream';
import { bytesZipSource } from './zip-reader';

const { session, mediaBytes, videoFrameTimesMs } = makeTestSession();
const options = { appVersion: '0.1.0', videoFrameTimesMs };
const exported = exportSessionZip(session, mediaBytes, options);

/** A sink that keeps what it is given, and the largest frame batch. */
function memorySink() {
  const got = { session: null as SessionRecord | null, media: [] as Uint8Array[], frames: [] as FrameRecord[], maxBatch: 0 };
  const sink: SessionImportSink = {
    begin: async (s) => void (got.session = s),
    media: async (bytes) => void got.media.push(bytes.slice()),
    frames: async (batch) => {
      got.maxBatch = Math.max(got.maxBatch, batch.length);
      got.frames.push(...batch);
    },
  };
  return { got, sink };
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

async function streamedImport(zip: Uint8Array, framesPerBatch = 7) {
  const { got, sink } = memorySink();
  const result = await importSessionZipStream(bytesZipSource(zip), sink, {}, framesPerBatch);
  return { ...got, result };
}

async function streamRefusal(zip: Uint8Array): Promise<AffectscopeError> {
  const error = await streamedImport(zip).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AffectscopeError);
  return error as AffectscopeError;
}

describe('writeSessionZip (streamed export)', () => {
  it('writes the same bytes as exportSessionZip from media chunks and frame batches, holding one batch at a time', async () => {
    const parts: Uint8Array[] = [];
    const batches = [session.frames.slice(0, 7), session.frames.slice(7, 14), session.frames.slice(14)];
    const stats = await writeSessionZip(
      { session: { ...session, frames: [] }, frameBatches: batches, mediaChunks: [mediaBytes.subarray(0, 1000), mediaBytes.subarray(1000)] },
      options,
      async (bytes) => void parts.push(bytes),
    );
    expect(concat(parts)).toEqual(exported);
    expect(stats).toEqual({ zipBytes: exported.length, frameCount: 30, mediaBytes: 4096, maxBatchFrames: 16 });
  });

  it('refuses frames that go back in time across batches', async () => {
    const batches = [session.frames.slice(5, 10), session.frames.slice(0, 5)];
    await expect(writeSessionZip({ session, frameBatches: batches, mediaChunks: [mediaBytes] }, options, () => undefined)).rejects.toThrow(
      /frames: expected mediaTimeMs ≥ the previous batch's last/,
    );
  });
});

describe('importSessionZipStream', () => {
  it('gives back the frames (landmarks to 5 decimals), annotations and media bytes, frames in batches', async () => {
    const got = await streamedImport(exported);
    expect(got.frames).toEqual(session.frames);
    expect(got.maxBatch).toBe(7);
    expect(concat(got.media)).toEqual(mediaBytes);
    expect(got.result).toEqual({ session: { ...session, frames: [], media: { ...session.media, sha256: sha256Hex(mediaBytes) } }, frameCount: 30 });
    expect(importSessionZip(exported).session.frames).toEqual(session.frames);
  });

  it('runs the media hash where createHash says (an asynchronous one, as the worker is), and disposes of it, refused or not', async () => {
    let disposed = 0;
    let updates = 0;
    const asyncHash = (): StreamingHash => {
      const inner = new Sha256();
      return {
        update: async (bytes) => void (updates++, inner.update(bytes)),
        digestHex: async () => inner.digestHex(),
        dispose: () => void disposed++,
      };
    };
    const { got, sink } = memorySink();
    await importSessionZipStream(bytesZipSource(exported), sink, {}, 100, asyncHash);
    expect(concat(got.media)).toEqual(mediaBytes);
    expect([updates > 0, disposed]).toEqual([true, 1]);
    const failing = memorySink();
    const error = await importSessionZipStream(bytesZipSource(exported), { ...failing.sink, media: async () => Promise.reject(new Error('disk full')) }, {}, 100, asyncHash).catch((e: unknown) => e);
    expect((error as Error).message).toBe('disk full'); // the sink's error, not "media.webm is corrupt"
    expect(disposed).toBe(2);
  });

  it('imports a format-1 zip (every frame inside manifest.json), streamed and in memory', async () => {
    const files = unzipSync(exported);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    const v1 = zipSync({
      'manifest.json': strToU8(JSON.stringify({ type: 'affectscope-session', version: 1, source: 'affectscope 0.1.0', session: { ...manifest.session, frames: session.frames } })),
      'media.webm': files['media.webm'],
    } as Zippable);
    expect((await streamedImport(v1)).frames).toEqual(session.frames);
    expect(importSessionZip(v1).session.frames).toEqual(session.frames);
  });

  it('refuses altered media by its SHA-256 after streaming it, and a missing SHA-256 before', async () => {
    const files = unzipSync(exported);
    files['media.webm'] = files['media.webm'].map((b) => b ^ 1);
    expect(await streamRefusal(zipSync(files as Zippable))).toMatchObject({ code: 'import-integrity', message: expect.stringMatching(/media\.webm does not match the SHA-256/) });
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    delete manifest.session.media.sha256;
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
    const { got, sink } = memorySink();
    await expect(importSessionZipStream(bytesZipSource(zipSync(files as Zippable)), sink)).rejects.toThrow(/gives no SHA-256 for media\.webm/);
    expect(got.session).toBeNull();
  });

  it('refuses rows and landmarks that disagree with the manifest', async () => {
    const change = (edit: (files: Record<string, Uint8Array>, manifest: Record<string, any>) => void) => {
      const files = unzipSync(exported);
      const manifest = JSON.parse(strFromU8(files['manifest.json']));
      edit(files, manifest);
      files['manifest.json'] = strToU8(JSON.stringify(manifest));
      return zipSync(files as Zippable);
    };
    expect((await streamRefusal(change((_f, m) => (m.frameCount = 31)))).message).toBe('predictions.json holds 30 rows; the manifest says 31 frames');
    expect((await streamRefusal(change((f) => (f['landmarks.f32'] = f['landmarks.f32'].subarray(4))))).message).toMatch(/^landmarks\.f32 holds \d+ bytes; the manifest says/);
    expect((await streamRefusal(change((f) => (f['predictions.json'] = strToU8('[{"a": 1}'))))).message).toMatch(/^predictions\.json is not a valid JSON array of rows/);
    expect((await streamRefusal(change((f) => delete f['landmarks.f32']))).message).toBe("the zip has no landmarks.f32: the session's frames are missing");
  });
});

/** A copy of `zip` whose central directory declares `name` `delta` bytes larger uncompressed. */
function withDeclaredSize(zip: Uint8Array, name: string, delta: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  for (let at = 0; at < bytes.length - 46; at++) {
    if (view.getUint32(at, true) !== 0x02014b50 || view.getUint16(at + 28, true) !== name.length) continue;
    if (strFromU8(bytes.subarray(at + 46, at + 46 + name.length)) === name) view.setUint32(at + 24, view.getUint32(at + 24, true) + delta, true);
  }
  return bytes;
}

describe('importSessionZipStream keeps importSessionZip\'s hostile-input checks', () => {
  it.each([
    ['an understated deflated entry (inflating stops at the declared size)', withDeclaredSize(exported, 'predictions.json', -10), /^"predictions\.json" in the zip is corrupt: it unpacks to more than the \d+ bytes its header declares$/],
    ['an overstated deflated entry', withDeclaredSize(exported, 'manifest.json', 10), /^"manifest\.json" in the zip is corrupt: it unpacks to \d+ bytes, not the \d+ its header declares$/],
    ['a stored entry whose sizes disagree', withDeclaredSize(exported, 'media.webm', 1), /"media\.webm" has impossible sizes/],
    ['a truncated zip', exported.subarray(0, exported.length - 100), /not a zip file or it is truncated/],
    ['a climbing entry name', zipSync({ ...unzipSync(exported), '../evil.txt': strToU8('x') } as Zippable), /an absolute path or one with "\.\."/],
  ])('%s', async (_, zip, message) => {
    expect((await streamRefusal(zip)).message).toMatch(message);
  });
});
