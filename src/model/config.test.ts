import { describe, expect, it } from 'vitest';
import { DEFAULT_AV_MODEL_CONFIG, FULL_AV_MODEL_CONFIG, LITE_AV_MODEL_CONFIG, validateAvModelConfig } from './config';

describe('validateAvModelConfig', () => {
  it('fills defaults and derives fcUnits from widthMultiplier', () => {
    expect(validateAvModelConfig()).toEqual(DEFAULT_AV_MODEL_CONFIG);
    expect(DEFAULT_AV_MODEL_CONFIG.fcUnits).toBe(4096);
    expect(LITE_AV_MODEL_CONFIG.fcUnits).toBe(512);
    expect(FULL_AV_MODEL_CONFIG).toEqual(DEFAULT_AV_MODEL_CONFIG);
    expect(validateAvModelConfig({ widthMultiplier: 0.5, fcUnits: 100 }).fcUnits).toBe(100);
    expect(validateAvModelConfig({ audio: { freqBins: 64 } }).audio).toEqual({ contextFrames: 64, freqBins: 64, widthMultiplier: 1, fcUnits: 4096 });
  });

  it("gives the audio stream the visual stream's width unless it has its own", () => {
    // A manifest written before the audio stream could be wider reads as one width for both.
    expect(LITE_AV_MODEL_CONFIG.audio).toMatchObject({ widthMultiplier: 0.125, fcUnits: 512 });
    expect(validateAvModelConfig({ widthMultiplier: 0.125, fcUnits: 100 }).audio).toMatchObject({ widthMultiplier: 0.125, fcUnits: 100 });
    // Its own width: its fc1 follows it, as the visual stream's does.
    const wider = validateAvModelConfig({ widthMultiplier: 0.125, audio: { widthMultiplier: 0.25 } });
    expect([wider.widthMultiplier, wider.fcUnits, wider.audio.widthMultiplier, wider.audio.fcUnits]).toEqual([0.125, 512, 0.25, 1024]);
    expect(validateAvModelConfig({ widthMultiplier: 0.125, audio: { widthMultiplier: 0.25, fcUnits: 300 } }).audio.fcUnits).toBe(300);
    expect(() => validateAvModelConfig({ audio: { widthMultiplier: 5 } })).toThrow(/audio\.widthMultiplier: expected a number in \(0, 4\], got 5/);
    expect(() => validateAvModelConfig({ audio: { fcUnits: 0 } })).toThrow(/audio\.fcUnits: expected a positive integer, got 0/);
  });

  it('returns a copy', () => {
    const config = validateAvModelConfig();
    config.face.cropSizePx = 1;
    expect(DEFAULT_AV_MODEL_CONFIG.face.cropSizePx).toBe(96);
  });

  it('rejects bad values with "expected …, got …"', () => {
    expect(() => validateAvModelConfig({ widthMultiplier: 0 })).toThrow(/widthMultiplier: expected a number in \(0, 4\], got 0/);
    expect(() => validateAvModelConfig({ gruUnits: 1.5 })).toThrow(/gruUnits: expected a positive integer, got 1.5/);
    expect(() => validateAvModelConfig({ face: { channels: 2 } })).toThrow(/face.channels: expected 1 or 3, got 2/);
    expect(() => validateAvModelConfig({ audio: { contextFrames: -1 } })).toThrow(expect.objectContaining({ code: 'invalid-options' }));
  });
});
