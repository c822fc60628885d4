import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseAbawAu, parseAbawExpression, parseAbawVa, writeAbawAu, writeAbawExpression, writeAbawVa } from './abaw';
import { auTrackOnFrames, expressionTrackOnFrames, predictionsOnFrames, vaTrackOnFrames } from './frame-tables';
import { makeTestSession } from './test-session';
import type { AuTrack, ExpressionTrack, VaTrack } from './types';
import { exportSessionZip } from './zip-export';

describe('ABAW files in the exported zip', () => {
  const { session, mediaBytes, videoFrameTimesMs } = makeTestSession();
  const files = unzipSync(exportSessionZip(session, mediaBytes, { appVersion: '0.1.0', videoFrameTimesMs }));
  const text = (name: string) => {
    expect(Object.keys(files)).toContain(name);
    return strFromU8(files[name]);
  };
  const predicted = predictionsOnFrames(session.frames, videoFrameTimesMs);
  const [va, expression, au] = session.annotations as [VaTrack, ExpressionTrack, AuTrack];

  it('have the challenge headers and exactly one row per video frame', () => {
    const expected = {
      VA_Estimation: 'valence,arousal',
      EXPR_Recognition: 'Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise',
      AU_Detection: 'AU1,AU2,AU4,AU6,AU12,AU15,AU20,AU25',
    };
    const names = Object.keys(files).filter((n) => n.startsWith('abaw/'));
    // predictions + "Ann Ö/../x" (va, expression) + the annotator called "predictions" (au), renamed
    expect(names.sort()).toEqual(
      [
        'abaw/Ann_O_.._x_EXPR_Recognition.txt',
        'abaw/Ann_O_.._x_VA_Estimation.txt',
        'abaw/predictions-2_AU_Detection.txt',
        'abaw/predictions_AU_Detection.txt',
        'abaw/predictions_EXPR_Recognition.txt',
        'abaw/predictions_VA_Estimation.txt',
      ].sort(),
    );
    for (const name of names) {
      const lines = text(name).split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(videoFrameTimesMs.length + 1);
      const task = Object.keys(expected).find((t) => name.endsWith(`_${t}.txt`)) as keyof typeof expected;
      expect(lines[0]).toBe(expected[task]);
    }
  });

  it('mark frames without a value as -5,-5 / -1, as the challenge files do', () => {
    // no face from 0.8 s to 1.2 s: frames 24…35 at 30 fps
    const vaLines = text('abaw/predictions_VA_Estimation.txt').split('\n');
    const exprLines = text('abaw/predictions_EXPR_Recognition.txt').split('\n');
    const auLines = text('abaw/predictions_AU_Detection.txt').split('\n');
    for (let frame = 25; frame < 35; frame++) {
      expect(vaLines[frame + 1]).toBe('-5,-5');
      expect(exprLines[frame + 1]).toBe('-1');
      expect(auLines[frame + 1]).toBe('-1,-1,-1,-1,-1,-1,-1,-1');
    }
    expect(vaLines[1]).toMatch(/^-?\d\.\d{4},-?\d\.\d{4}$/);
  });

  it('parse back to the per-frame values (VA within the 4 written decimals)', () => {
    const expectVa = (parsed: ReturnType<typeof parseAbawVa>, truth: ReturnType<typeof parseAbawVa>) => {
      expect(parsed).toHaveLength(truth.length);
      parsed.forEach((row, i) => {
        if (truth[i] === null) return expect(row).toBeNull();
        expect(Math.abs(row!.valence - truth[i]!.valence)).toBeLessThanOrEqual(5e-5);
        expect(Math.abs(row!.arousal - truth[i]!.arousal)).toBeLessThanOrEqual(5e-5);
      });
    };
    expectVa(parseAbawVa(text('abaw/predictions_VA_Estimation.txt')), predicted.va);
    expect(parseAbawExpression(text('abaw/predictions_EXPR_Recognition.txt'))).toEqual(predicted.expression);
    expect(parseAbawAu(text('abaw/predictions_AU_Detection.txt'))).toEqual(predicted.au);
    expectVa(parseAbawVa(text('abaw/Ann_O_.._x_VA_Estimation.txt')), vaTrackOnFrames(va, videoFrameTimesMs));
    expect(parseAbawExpression(text('abaw/Ann_O_.._x_EXPR_Recognition.txt'))).toEqual(expressionTrackOnFrames(expression, videoFrameTimesMs));
    expect(parseAbawAu(text('abaw/predictions-2_AU_Detection.txt'))).toEqual(auTrackOnFrames(au, videoFrameTimesMs));
  });

  it('hold what was annotated: a 10 Hz VA track (0–1400 ms) fills every 30 fps frame it covers, segments fill their frames', () => {
    const parsed = parseAbawVa(text('abaw/Ann_O_.._x_VA_Estimation.txt'));
    // frame 42 is at 1400 ms, the last sample; frame 43 (1433 ms) is past it by more than half a frame
    expect(parsed.map((r) => r !== null)).toEqual(videoFrameTimesMs.map((_, k) => k <= 42));
    const labels = parseAbawExpression(text('abaw/Ann_O_.._x_EXPR_Recognition.txt'));
    expect(labels.slice(0, 16)).toEqual([...new Array(15).fill(4), null]);
    expect(labels[21]).toBe(6);
    expect(labels[45]).toBeNull();
  });
});

describe('ABAW writers and parsers', () => {
  it('round-trip hand-made rows, never writing "-0"', () => {
    const va = [{ valence: -0.00001, arousal: 1 }, null, { valence: -0.12346, arousal: 0.5 }];
    expect(writeAbawVa(va)).toBe('valence,arousal\n0.0000,1.0000\n-5,-5\n-0.1235,0.5000\n');
    expect(parseAbawVa(writeAbawVa(va))).toEqual([{ valence: 0, arousal: 1 }, null, { valence: -0.1235, arousal: 0.5 }]);
    expect(parseAbawExpression(writeAbawExpression([0, null, 6]))).toEqual([0, null, 6]);
    const au = [[1, 0, null, 1, 0, 0, 0, 1] as Array<0 | 1 | null>];
    expect(writeAbawAu(au)).toBe('AU1,AU2,AU4,AU6,AU12,AU15,AU20,AU25\n1,0,-1,1,0,0,0,1\n');
    expect(parseAbawAu(writeAbawAu(au).replace(/\n/g, '\r\n'))).toEqual(au);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a wrong header', () => parseAbawVa('arousal,valence\n0,0\n'), /VA_Estimation line 1: expected the header "valence,arousal", got "arousal,valence"/],
    ['one value', () => parseAbawVa('valence,arousal\n0.5\n'), /VA_Estimation line 2: expected 2 comma-separated values, got "0.5"/],
    ['out of range', () => parseAbawVa('valence,arousal\n0,0\n1.5,0\n'), /line 3: expected values in \[-1, 1\], or -5,-5 for none/],
    ['the "Other" class', () => parseAbawExpression('Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise\n7\n'), /line 2: expected a class index 0–6/],
    ['a non-number', () => parseAbawExpression('Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise\nx\n'), /line 2: expected numbers, got "x"/],
    ['an AU value of 2', () => parseAbawAu('AU1,AU2,AU4,AU6,AU12,AU15,AU20,AU25\n0,0,0,0,0,0,0,2\n'), /AU_Detection line 2: expected 0, 1, or -1 for none/],
  ])('refuse %s with the line number', (_, parse, message) => {
    expect(parse).toThrow(message);
  });
});
