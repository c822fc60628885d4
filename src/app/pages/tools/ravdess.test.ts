import { describe, expect, it } from 'vitest';
import { EXPRESSIONS } from '../../../core/labels';
import { parseActorRange, parseRavdessName, RAVDESS_TO_ABAW } from './ravdess';

describe('parseRavdessName', () => {
  it('reads every field of 03-01-06-02-01-02-13.flac (fearful, strong, statement 1, repetition 2, actor 13)', () => {
    expect(parseRavdessName('03-01-06-02-01-02-13.flac')).toEqual({
      modality: 3, vocalChannel: 1, emotion: 6, intensity: 2, statement: 1, repetition: 2, actor: 13,
    });
  });

  it('refuses names that are not RAVDESS, or fields out of range', () => {
    expect(() => parseRavdessName('speech.wav')).toThrow(/expected a RAVDESS name/);
    expect(() => parseRavdessName('03-01-09-01-01-01-01.flac')).toThrow(/emotion 01..08, got 9/);
    expect(() => parseRavdessName('03-01-01-03-01-01-01.wav')).toThrow(/intensity/);
    expect(() => parseRavdessName('03-01-01-01-01-01-25.wav')).toThrow(/actor 01..24, got 25/);
  });
});

describe('RAVDESS_TO_ABAW', () => {
  it('maps neutral and calm to Neutral and each other emotion to its ABAW class', () => {
    const named = Object.fromEntries(Object.entries(RAVDESS_TO_ABAW).map(([code, c]) => [code, EXPRESSIONS[c]]));
    expect(named).toEqual({ 1: 'Neutral', 2: 'Neutral', 3: 'Happiness', 4: 'Sadness', 5: 'Anger', 6: 'Fear', 7: 'Disgust', 8: 'Surprise' });
  });
});

describe('parseActorRange', () => {
  it('reads ranges and lists', () => {
    expect([...parseActorRange('17-20')]).toEqual([17, 18, 19, 20]);
    expect([...parseActorRange('1,3,5-6')]).toEqual([1, 3, 5, 6]);
    expect(() => parseActorRange('20-17')).toThrow(/low to high/);
    expect(() => parseActorRange('x')).toThrow(/expected actors/);
  });
});
