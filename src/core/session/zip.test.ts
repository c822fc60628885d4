import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors';
import { refusalOf } from '../testing/refusal';
import { seededRandom } from '../testing/seeded-random';
import { sha256Hex } from './sha256';
import { makeTestSession } from './test-session';
import { exportSessionZip } from './zip-export';
import { importSessionZip, validateSessionImportLimits, type SessionImportLimits } from './zip-import';

const { session, mediaBytes, videoFrameTimesMs } = makeTestSession();
const options = { appVersion: '0.1.0', videoFrameTimesMs };
const exported = exportSessionZip(session, mediaBytes, options);

/** The exported zip, unpacked, changed and packed again. */
function repacked(change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(exported);
  change(files);
  return zipSync(files as Zippable);
}

type Json = Record<string, any>; // test mutations of parsed JSON

function withManifest(change: (manifest: Json) => void): Uint8Array {
  return repacked((files) => {
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    change(manifest);
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
  });
}

function expectRefusal(bytes: Uint8Array, code: ErrorCode, message: RegExp, limits: Partial<SessionImportLimits> = {}): void {
  const error = refusalOf(() => importSessionZip(bytes, limits));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

describe('exportSessionZip → importSessionZip', () => {
  it('restores the session and the media bytes exactly', () => {
    const imported = importSessionZip(exported);
    expect(imported.session).toEqual({ ...session, media: { ...session.media, sha256: sha256Hex(mediaBytes) } });
    expect(imported.mediaBytes).toEqual(mediaBytes);
  });

  it('writes the documented layout, with annotator names made file-safe and distinct', () => {
    expect(Object.keys(unzipSync(exported)).sort()).toEqual(
      [
        'manifest.json',
        'media.webm',
        'landmarks.f32',
        'predictions.csv',
        'predictions.json',
        'annotations/Ann_O_.._x_va.csv',
        'annotations/Ann_O_.._x_va.json',
        'annotations/Ann_O_.._x_expression.csv',
        'annotations/Ann_O_.._x_expression.json',
        'annotations/predictions-2_au.csv',
        'annotations/predictions-2_au.json',
        'abaw/predictions_VA_Estimation.txt',
        'abaw/predictions_EXPR_Recognition.txt',
        'abaw/predictions_AU_Detection.txt',
        'abaw/Ann_O_.._x_VA_Estimation.txt',
        'abaw/Ann_O_.._x_EXPR_Recognition.txt',
        'abaw/predictions-2_AU_Detection.txt',
        ...['predictions_va', 'predictions_expression', 'predictions_au', 'Ann_O_.._x_va', 'Ann_O_.._x_expression', 'predictions-2_au'].flatMap((stem) => [
          `frames/${stem}.csv`,
          `frames/${stem}.json`,
        ]),
      ].sort(),
    );
    const manifest = JSON.parse(strFromU8(unzipSync(exported)['manifest.json']));
    expect(manifest).toMatchObject({
      type: 'affectscope-session',
      version: 3,
      source: 'affectscope 0.1.0',
      frameCount: 30,
      frameFiles: { records: 'predictions.json', landmarks: 'landmarks.f32', landmarkValueCount: 6 * session.frames.filter((f) => f.landmarks).length, landmarkDecimals: 5 },
    });
    expect(manifest.session.frames).toEqual([]);
  });

  it('writes one predictions row per model record, with empty cells where there is no face', () => {
    const lines = strFromU8(unzipSync(exported)['predictions.csv']).trimEnd().split('\n');
    expect(lines[0]).toBe('mediaTimeMs,valence,arousal,AU1,AU2,AU4,AU6,AU12,AU15,AU20,AU25,Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,faceFound,trackId');
    expect(lines).toHaveLength(session.frames.length + 1);
    const noFace = session.frames.findIndex((f) => !f.faceFound);
    expect(lines[noFace + 1]).toMatch(/^[\d.]+,{18}0,$/);
    const cells = lines[1].split(',').map(Number);
    const p = session.frames[0].prediction!;
    expect(cells.slice(1, 18)).toEqual([p.valence, p.arousal, ...p.actionUnitProbabilities, ...p.expressionProbabilities].map((x) => Number(x.toFixed(6))));
    const json = JSON.parse(strFromU8(unzipSync(exported)['predictions.json']));
    expect(json[0].expressions.Happiness).toBe(p.expressionProbabilities[4]);
  });

  it("marks an AU present in the ABAW file from the session's model's own thresholds, and the import keeps them", () => {
    const aus = (zip: Uint8Array) => strFromU8(unzipSync(zip)['abaw/predictions_AU_Detection.txt']).trimEnd().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const thresholds = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9];
    const withThresholds = { ...session, model: { ...session.model, actionUnitThresholds: thresholds } };
    const zip = exportSessionZip(withThresholds, mediaBytes, options);
    const atHalf = aus(exported);
    const own = aus(zip);
    expect(own).toHaveLength(atHalf.length);
    // the same probabilities, called present from each AU's threshold instead of 0.5: some rows change
    expect(own).not.toEqual(atHalf);
    const p = session.frames[0].prediction!.actionUnitProbabilities;
    expect(own[0]).toEqual(p.map((q, k) => (q >= thresholds[k] ? 1 : 0)));
    expect(atHalf[0]).toEqual(p.map((q) => (q >= 0.5 ? 1 : 0)));
    expect(importSessionZip(zip).session.model.actionUnitThresholds).toEqual(thresholds);
    expectRefusal(
      withManifest((m) => (m.session.model.actionUnitThresholds = [0.5, 2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])),
      'import-invalid', /session\.model\.actionUnitThresholds\[1\]: expected a probability strictly between 0 and 1, got 2/,
    );
  });

  it('is deterministic, and refuses media that does not match the session', () => {
    expect(exportSessionZip(session, mediaBytes, options)).toEqual(exported);
    expect(() => exportSessionZip(session, mediaBytes.subarray(1), options)).toThrow(/media: expected 4096 bytes \(session.media.byteLength\), got 4095/);
    const wrongHash = { ...session, media: { ...session.media, sha256: '0'.repeat(64) } };
    expect(() => exportSessionZip(wrongHash, mediaBytes, options)).toThrow(/media: expected SHA-256 0{64}/);
    expect(() => exportSessionZip(session, mediaBytes, { ...options, videoFrameTimesMs: [] })).toThrow(/at least 1 video frame/);
  });
});

describe('importSessionZip refuses', () => {
  it('random bytes and a truncated zip', () => {
    const random = seededRandom(3);
    expectRefusal(Uint8Array.from({ length: 5000 }, () => Math.floor(random() * 256)), 'import-invalid', /not a zip file or it is truncated/);
    expectRefusal(exported.subarray(0, exported.length - 100), 'import-invalid', /not a zip file or it is truncated/);
    expectRefusal(new Uint8Array(0), 'import-invalid', /not a zip file or it is truncated/);
  });

  it('a zip without a manifest, or with one that is not JSON', () => {
    expectRefusal(repacked((f) => delete f['manifest.json']), 'import-invalid', /has no manifest\.json, so it is not a session exported by affectscope/);
    expectRefusal(repacked((f) => (f['manifest.json'] = strToU8('{"type": '))), 'import-invalid', /manifest\.json is not valid JSON/);
  });

  it('a wrong or future version', () => {
    expectRefusal(withManifest((m) => (m.version = 0)), 'import-invalid', /session file: version: expected an integer ≥ 1, got 0/);
    expectRefusal(withManifest((m) => (m.version = 4)), 'import-version', /saved by affectscope 0\.1\.0 in format version 4; this app reads versions 1 to 3/);
  });

  it('schema errors, naming the JSON path', () => {
    const badRow = repacked((f) => {
      const rows = JSON.parse(strFromU8(f['predictions.json']));
      rows[3].faceFound = 'yes';
      f['predictions.json'] = strToU8(JSON.stringify(rows));
    });
    expectRefusal(badRow, 'import-invalid', /predictions\.json rows 0–29: session\.frames\[3\]\.faceFound: expected true or false, got "yes"/);
  });

  it('missing media, and media that differs from the manifest', () => {
    expectRefusal(repacked((f) => delete f['media.webm']), 'import-invalid', /no media\.webm: the session's recording is missing/);
    expectRefusal(repacked((f) => (f['media.webm'] = f['media.webm'].subarray(1))), 'import-integrity', /media\.webm is 4095 bytes but the manifest says 4096/);
    expectRefusal(repacked((f) => (f['media.webm'] = f['media.webm'].map((b) => b ^ 1))), 'import-integrity', /media\.webm does not match the SHA-256/);
  });

  it('too many entries, an oversized entry, an oversized total, before inflating anything', () => {
    const many = repacked((f) => {
      for (let i = 0; i < 20; i++) f[`extra/${i}.txt`] = strToU8('x');
    });
    expect(importSessionZip(many).session.id).toBe(session.id); // unknown files are ignored within the limits
    expectRefusal(many, 'import-too-large', /holds 49 files; a session has at most 30/, { maxEntries: 30 });
    expectRefusal(exported, 'import-too-large', /"media\.webm" would unpack to 4\.0 KiB; at most 2\.0 KiB per file/, { maxEntryBytes: 2048 });
    expectRefusal(exported, 'import-too-large', /the file is .* KiB; at most 8\.0 KiB can be imported/, { maxTotalBytes: 8192 });
  });

  it('a bomb-like compression ratio, from the declared sizes', () => {
    const bomb = repacked((f) => (f['padding.bin'] = new Uint8Array(8 << 20)));
    expectRefusal(bomb, 'import-too-large', /would unpack to 8\.\d MiB from .* KiB \(\d+:1, at most 100:1\): it looks like a zip bomb/);
  });

  it('entries whose header lies about their size', () => {
    expectRefusal(withDeclaredSize(exported, 'media.webm', 1), 'import-invalid', /"media\.webm" has impossible sizes/);
    // deflated: inflating stops past the declared size and refuses; less than declared is caught after inflating
    expectRefusal(withDeclaredSize(exported, 'manifest.json', -10), 'import-invalid', /"manifest\.json" in the zip is corrupt: it unpacks to more than the \d+ bytes its header declares/);
    expectRefusal(withDeclaredSize(exported, 'manifest.json', 10), 'import-invalid', /"manifest\.json" in the zip is corrupt: it unpacks to \d+ bytes, not the \d+ its header declares/);
  });
});

/** A copy of `zip` whose central directory declares `name` `delta` bytes larger uncompressed. */
function withDeclaredSize(zip: Uint8Array, name: string, delta: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  let patched = 0;
  for (let at = 0; at < bytes.length - 46; at++) {
    if (view.getUint32(at, true) !== 0x02014b50 || view.getUint16(at + 28, true) !== name.length) continue;
    if (strFromU8(bytes.subarray(at + 46, at + 46 + name.length)) !== name) continue;
    view.setUint32(at + 24, view.getUint32(at + 24, true) + delta, true);
    patched++;
  }
  expect(patched).toBe(1);
  return bytes;
}

describe('validateSessionImportLimits', () => {
  it('fills defaults and rejects nonsense', () => {
    expect(validateSessionImportLimits({ maxEntries: 5 })).toMatchObject({ maxEntries: 5, maxCompressionRatio: 100 });
    expect(() => validateSessionImportLimits({ maxEntryBytes: 0 })).toThrow(/maxEntryBytes: expected a number > 0, got 0/);
  });
});
