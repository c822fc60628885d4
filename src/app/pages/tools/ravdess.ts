/**
 * RAVDESS file names (Livingstone & Russo 2018): `MM-VC-EE-II-SS-RR-AA.ext`, modality (03 audio-only),
 * vocal channel (01 speech), emotion, intensity, statement, repetition, actor (odd = male).
 */
import { AffectscopeError } from '../../../core/errors';

export interface RavdessClip {
  modality: number;
  vocalChannel: number;
  /** 1 neutral, 2 calm, 3 happy, 4 sad, 5 angry, 6 fearful, 7 disgust, 8 surprised */
  emotion: number;
  /** 1 normal, 2 strong (neutral has only 1) */
  intensity: 1 | 2;
  /** 1 "Kids are talking by the door", 2 "Dogs are sitting by the door" */
  statement: number;
  repetition: number;
  /** 1..24 */
  actor: number;
}

/**
 * RAVDESS emotion code → index in EXPRESSIONS (ABAW order 0 Neutral, 1 Anger, 2 Disgust, 3 Fear,
 * 4 Happiness, 5 Sadness, 6 Surprise). Calm has no ABAW class; it counts as Neutral.
 */
export const RAVDESS_TO_ABAW: Readonly<Record<number, number>> = Object.freeze({ 1: 0, 2: 0, 3: 4, 4: 5, 5: 1, 6: 3, 7: 2, 8: 6 });

const PATTERN = /^(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})\.[A-Za-z0-9]+$/;

/** Parses a RAVDESS base name; throws AffectscopeError('invalid-options') saying what is wrong. */
export function parseRavdessName(fileName: string): RavdessClip {
  const match = PATTERN.exec(fileName);
  if (!match) throw new AffectscopeError('invalid-options', `expected a RAVDESS name MM-VC-EE-II-SS-RR-AA.ext (e.g. 03-01-05-02-01-01-12.flac), got ${fileName}`);
  const [modality, vocalChannel, emotion, intensity, statement, repetition, actor] = match.slice(1, 8).map(Number);
  const check = (ok: boolean, what: string, value: number) => {
    if (!ok) throw new AffectscopeError('invalid-options', `${fileName}: expected ${what}, got ${value}`);
  };
  check(emotion >= 1 && emotion <= 8, 'emotion 01..08', emotion);
  check(intensity === 1 || intensity === 2, 'intensity 01 or 02', intensity);
  check(statement === 1 || statement === 2, 'statement 01 or 02', statement);
  check(repetition === 1 || repetition === 2, 'repetition 01 or 02', repetition);
  check(actor >= 1 && actor <= 24, 'actor 01..24', actor);
  return { modality, vocalChannel, emotion, intensity: intensity as 1 | 2, statement, repetition, actor };
}

/** "17-20" or "1,3,5-7" → the set of actor numbers; throws on anything else. */
export function parseActorRange(text: string): Set<number> {
  const actors = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!match) throw new AffectscopeError('invalid-options', `expected actors like 17-20 or 1,3,5-7, got ${text}`);
    const from = Number(match[1]), to = Number(match[2] ?? match[1]);
    if (!(from >= 1 && to >= from && to <= 24)) throw new AffectscopeError('invalid-options', `expected actors in 1..24, low to high, got ${part.trim()}`);
    for (let a = from; a <= to; a++) actors.add(a);
  }
  return actors;
}
