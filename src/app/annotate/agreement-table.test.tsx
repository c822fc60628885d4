import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AnnotationTrack, FrameRecord, SessionRecord } from '../../core/session';
import { AgreementTable } from './agreement-table';

/** Model frames at 30 fps saying Happiness, every AU absent. */
const frames: FrameRecord[] = Array.from({ length: 10 }, (_, k) => ({
  mediaTimeMs: (k * 1000) / 30,
  faceFound: true,
  prediction: {
    valence: 0.1 * k,
    arousal: 0,
    expressionProbabilities: [0.1, 0.1, 0.1, 0.1, 0.4, 0.1, 0.1],
    actionUnitProbabilities: new Array(8).fill(0.1),
  },
}));
const session = { durationMs: 300, frames } as SessionRecord;
const text = (html: string, testId: string) => [...html.matchAll(new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`, 'g'))].map((m) => m[1]);

describe('AgreementTable (server-rendered)', () => {
  it('an all-agreeing pair shows accuracy 1, kappa "undefined" with its reason, macro F1 over the classes present', () => {
    const tracks: AnnotationTrack[] = [{ kind: 'expression', annotator: 'A', segments: [{ startMs: 0, endMs: 300, label: 4 }] }];
    const html = renderToStaticMarkup(<AgreementTable session={session} tracks={tracks} />);
    expect(text(html, 'agreement-frames')).toEqual(['9']);
    expect(text(html, 'agreement-accuracy')).toEqual(['accuracy 1.00']);
    expect(text(html, 'agreement-kappa')).toEqual(['κ undefined']);
    expect(html).toMatch(/data-testid="agreement-kappa" data-value="undefined" title="both raters used one and the same class throughout/);
    expect(text(html, 'agreement-value')).toEqual(['macro F1 1.00']);
    expect(text(html, 'agreement-classes')).toEqual(['over the classes present: Happiness']);
  });

  it('VA rows: CCC, r and alpha per dimension, "n/a" with too few frames; AU rows: means and a per-AU list', () => {
    const tracks: AnnotationTrack[] = [
      { kind: 'va', annotator: 'A', rateHz: 10, samples: [{ mediaTimeMs: 0, valence: 0, arousal: 0 }] },
      { kind: 'au', annotator: 'A', toggles: [{ startMs: 0, endMs: 300, au: 4, present: true }] },
    ];
    const html = renderToStaticMarkup(<AgreementTable session={session} tracks={tracks} />);
    expect(text(html, 'agreement-value')).toEqual(['CCC V n/a · A n/a', 'mean F1 0.00']);
    expect(text(html, 'agreement-pearson')).toEqual(['r V n/a · A n/a']);
    expect(text(html, 'agreement-kappa')).toEqual(['mean κ 0.00']);
    expect(text(html, 'agreement-au-f1')).toHaveLength(8);
  });
});
