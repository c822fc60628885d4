import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { AffectscopeError } from '../errors';
import { refusalOf } from '../testing/refusal';
import { makeTestSession } from './test-session';
import { exportSessionZip } from './zip-export';
import { importSessionZip } from './zip-import';

// Hostile or lying zips: each is refused with its own message; importSessionZip is pure, so nothing stored changes.
const { session, mediaBytes, videoFrameTimesMs } = makeTestSession();
const exported = exportSessionZip(session, mediaBytes, { appVersion: '0.1.0', videoFrameTimesMs });

function zipWith(change: (files: Record<string, Uint8Array>, manifest: Record<string, any>) => void): Uint8Array {
  const files = unzipSync(exported);
  const manifest = JSON.parse(strFromU8(files['manifest.json']));
  change(files, manifest);
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files as Zippable);
}

function refusal(bytes: Uint8Array): AffectscopeError {
  return refusalOf(() => importSessionZip(bytes));
}

/** Patches every local and central header naming `name`: `patch(view, headerOffset, isCentral)`. */
function patchHeaders(zip: Uint8Array, name: string, patch: (view: DataView, at: number, central: boolean) => void): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  let patched = 0;
  for (let at = 0; at < bytes.length - 46; at++) {
    const signature = view.getUint32(at, true);
    const central = signature === 0x02014b50;
    if (!central && signature !== 0x04034b50) continue;
    const nameAt = at + (central ? 46 : 30);
    if (strFromU8(bytes.subarray(nameAt, nameAt + name.length)) !== name) continue;
    patch(view, at, central);
    patched++;
  }
  expect(patched).toBe(2);
  return bytes;
}

describe('importSessionZip refuses hostile zips, with a clear message each', () => {
  it('an entry that understates its size, even when the bytes up to the declared size are the real media', () => {
    const padded = zipWith((f) => {
      const media = new Uint8Array(f['media.webm'].length + (16 << 20));
      media.set(f['media.webm']);
      f['media.webm'] = media;
    });
    const declared4096 = patchHeaders(padded, 'media.webm', (view, at, central) => view.setUint32(at + (central ? 24 : 22), 4096, true));
    expect(refusal(declared4096)).toMatchObject({
      code: 'import-invalid',
      message: '"media.webm" in the zip is corrupt: it unpacks to more than the 4096 bytes its header declares',
    });
  });

  it('two entries with the same name', () => {
    const other = zipWith((f) => (f['media.webX'] = strToU8('other')));
    const renamed = patchHeaders(other, 'media.webX', (view, at, central) => {
      new Uint8Array(view.buffer).set(strToU8('media.webm'), at + (central ? 46 : 30));
    });
    expect(refusal(renamed)).toMatchObject({ code: 'import-invalid', message: 'the zip holds "media.webm" twice' });
  });

  it('entry names that climb out of a folder or are absolute', () => {
    for (const name of ['../evil.txt', 'extra/../../evil.txt', '/etc/evil.txt', 'C:/evil.txt', '..\\evil.txt']) {
      expect(refusal(zipWith((f) => (f[name] = strToU8('x'))))).toMatchObject({
        code: 'import-invalid',
        message: `the zip holds an entry named ${JSON.stringify(name)}: an absolute path or one with "..", which no session export has`,
      });
    }
  });

  it("media without the manifest's SHA-256: removing the field does not skip the check", () => {
    const altered = zipWith((f, m) => {
      delete m.session.media.sha256;
      f['media.webm'] = f['media.webm'].map((b) => b ^ 1);
    });
    expect(refusal(altered)).toMatchObject({
      code: 'import-integrity',
      message: 'manifest.json gives no SHA-256 for media.webm (session.media.sha256), so the recording cannot be checked: it is refused',
    });
  });

  it('a duration or frame counts the media cannot hold', () => {
    expect(refusal(zipWith((_f, m) => (m.session.durationMs = 1e12)))).toMatchObject({
      code: 'import-invalid',
      message: 'session file: session.durationMs: expected at most 172800000 ms (48 h), got 1000000000000',
    });
    expect(refusal(zipWith((_f, m) => (m.session.durationMs = 1)))).toMatchObject({
      code: 'import-invalid',
      message: `session file: session.frames: expected at most 1 frame records for 1 ms of media (240 per second + 1), got ${session.frames.length}`,
    });
    const source = { kind: 'file', fileName: 'a.mp4', frameCount: 1e9, frameRateHz: 30, firstFrameTimeMs: 0 };
    expect(refusal(zipWith((_f, m) => (m.session.source = source)))).toMatchObject({
      code: 'import-invalid',
      message: expect.stringMatching(/^session file: session\.source\.frameCount: expected at most \d+ video frames for \d+ ms of media \(240 per second \+ 1\), got 1000000000$/),
    });
  });
});
