import { describe, expect, it } from 'vitest';
import type { AffectscopeError } from '../errors';
import { refusalOf } from '../testing/refusal';
import { restoreSession, serializeSession, upgradeSessionFile } from './restore';
import { makeTestSession } from './test-session';
import { validateSession } from './validate';

type Json = Record<string, any>; // test mutations of parsed JSON

function sessionFile(): Json {
  return JSON.parse(JSON.stringify(serializeSession(makeTestSession().session, '0.1.0')));
}

function refusal(json: unknown, restore: (json: unknown) => unknown = restoreSession): AffectscopeError {
  return refusalOf(() => restore(json));
}

describe('serializeSession / validateSession / restoreSession', () => {
  it('writes the versioned envelope and reads it back unchanged', () => {
    const { session } = makeTestSession();
    const file = serializeSession(session, '0.1.0');
    expect(file).toMatchObject({ type: 'affectscope-session', version: 3, source: 'affectscope 0.1.0' });
    expect(restoreSession(JSON.parse(JSON.stringify(file)))).toEqual(session);
    expect(validateSession(JSON.parse(JSON.stringify(file)))).toEqual(session);
  });

  it('keeps the model\'s derived-output notes (replay tags those plots)', () => {
    const { session } = makeTestSession();
    session.model.derivedOutputs = { actionUnits: 'AU priors per expression', valenceArousal: 'a point per expression' };
    expect(restoreSession(JSON.parse(JSON.stringify(serializeSession(session, '0.1.0'))))).toEqual(session);
  });

  it('drops fields it does not know', () => {
    const file = sessionFile();
    file.session.extra = 1;
    file.session.frames[0].extra = 2;
    const session = restoreSession(file) as unknown as Json;
    expect(session.extra).toBeUndefined();
    expect(session.frames[0].extra).toBeUndefined();
  });

  it.each<[string, (f: Json) => void, RegExp]>([
    ['another type', (f) => (f.type = 'excalidraw'), /type: expected 'affectscope-session', got "excalidraw"/],
    ['no source', (f) => delete f.source, /source: expected a non-empty string, got nothing/],
    ['no model', (f) => delete f.session.model, /session\.model: expected an object, got nothing/],
    ['an unknown derived output', (f) => (f.session.model.derivedOutputs = { mood: 'x' }), /session\.model\.derivedOutputs\.mood: expected 'actionUnits', 'valenceArousal' or 'measured', got "mood"/],
    ['an empty derived-output note', (f) => (f.session.model.derivedOutputs = { actionUnits: '' }), /session\.model\.derivedOutputs\.actionUnits: expected a non-empty string/],
    ['a bad id', (f) => (f.session.id = '../x'), /session\.id: expected letters, digits/],
    ['a bad date', (f) => (f.session.createdAtIso = 'yesterday'), /session\.createdAtIso: expected an ISO 8601 date, got "yesterday"/],
    ['a bad sha256', (f) => (f.session.media.sha256 = 'ABC'), /session\.media\.sha256: expected 64 lower-case hex digits/],
    ['valence out of range', (f) => (f.session.frames[1].prediction.valence = 2), /session\.frames\[1\]\.prediction\.valence: expected a number in \[-1, 1\], got 2/],
    ['7 AU probabilities', (f) => f.session.frames[0].prediction.actionUnitProbabilities.pop(), /frames\[0\]\.prediction\.actionUnitProbabilities: expected 8 probabilities, got an array of 7/],
    ['frames out of order', (f) => (f.session.frames[2].mediaTimeMs = 0), /session\.frames\[2\]\.mediaTimeMs: expected a time ≥ the previous frame's/],
    ['odd landmarks', (f) => f.session.frames[0].landmarks.pop(), /session\.frames\[0\]\.landmarks: expected an even number of values/],
    ['a string for a number', (f) => (f.session.durationMs = '2000'), /session\.durationMs: expected a finite number ≥ 0, got "2000"/],
    ['an unknown track kind', (f) => (f.session.annotations[0].kind = 'mood'), /session\.annotations\[0\]\.kind: expected one of 'va' \| 'expression' \| 'au', got "mood"/],
    ['a zero rate', (f) => (f.session.annotations[0].rateHz = 0), /annotations\[0\]\.rateHz: expected a rate > 0 Hz, got 0/],
    ['overlapping segments', (f) => (f.session.annotations[1].segments[1].startMs = 400), /annotations\[1\]\.segments\[1\]\.startMs: expected a time ≥ the previous segment's end 500 ms/],
    ['an empty segment', (f) => (f.session.annotations[1].segments[0].endMs = 0), /annotations\[1\]\.segments\[0\]\.endMs: expected a time after startMs/],
    ['a label out of range', (f) => (f.session.annotations[1].segments[0].label = 7), /segments\[0\]\.label: expected an integer in \[0, 6\], got 7/],
    ['overlapping AU toggles', (f) => (f.session.annotations[2].toggles[2].startMs = 900), /toggles\[2\]\.startMs: expected a time ≥ the previous AU1 toggle's end 1000 ms/],
    ['two va tracks by one annotator', (f) => f.session.annotations.push(f.session.annotations[0]), /annotations\[3\]: expected one 'va' track per annotator/],
  ])('refuses %s with the JSON path', (_, mutate, message) => {
    const file = sessionFile();
    mutate(file);
    const error = refusal(file);
    expect(error.code).toBe('import-invalid');
    expect(error.message).toMatch(/^session file: /);
    expect(error.message).toMatch(message);
  });

  it('refuses a newer version by name, and a nonsense version as invalid', () => {
    const file = sessionFile();
    file.version = 4;
    file.source = 'affectscope 9.0.0';
    const newer = refusal(file);
    expect(newer.code).toBe('import-version');
    expect(newer.message).toMatch(/saved by affectscope 9\.0\.0 in format version 4; this app reads versions 1 to 3: update affectscope/);
    file.version = '1';
    expect(refusal(file).message).toMatch(/version: expected an integer ≥ 1, got "1"/);
    expect(refusal(file, validateSession).code).toBe('import-version');
  });

  it('upgrades through the table step by step, and names a version with no upgrade', () => {
    const v1: Json = { ...sessionFile(), version: 1 };
    v1.session.title = v1.session.name;
    delete v1.session.name;
    const toV2 = ({ session, ...rest }: Json) => ({ ...rest, session: { ...session, name: session.title } });
    const upgraded = upgradeSessionFile(v1, { 1: toV2 }, 2) as Json;
    expect(upgraded.version).toBe(2);
    expect(upgradeSessionFile(v1)).toMatchObject({ version: 3, session: { frames: v1.session.frames } }); // the real 1 → 2 step keeps the frames inline
    const v2: Json = { ...sessionFile(), version: 2 };
    expect(upgradeSessionFile(v2)).toEqual({ ...v2, version: 3 }); // 2 → 3 added optional face tracks: nothing to change
    expect(upgraded.session.name).toBe('Test session');
    const missing = refusal(v1, (json) => upgradeSessionFile(json, {}, 2));
    expect(missing.code).toBe('import-version');
    expect(missing.message).toMatch(/version 1 is no longer supported \(no upgrade to version 2\)/);
  });

  it('refuses to serialize an invalid session or without an app version', () => {
    const { session } = makeTestSession();
    expect(() => serializeSession({ ...session, durationMs: -1 }, '0.1.0')).toThrow(/session to export: session\.durationMs: expected a finite number ≥ 0/);
    expect(() => serializeSession(session, '')).toThrow(/appVersion: expected a non-empty string/);
  });
});
