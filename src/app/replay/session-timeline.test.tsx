import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { emptyUndoStack, peekEdit } from '../../core/annotation';
import type { AnnotationKind, AnnotationTrack } from '../../core/session';
import { makeTestSession } from '../../core/session/test-session';
import type { AnnotationTracks } from '../annotate/use-annotation-tracks';
import { SessionTimeline } from './session-timeline';

function tracksOf(tracks: AnnotationTrack[]): AnnotationTracks {
  const find = <K extends AnnotationKind>(annotator: string, kind: K) =>
    tracks.find((t) => t.annotator === annotator && t.kind === kind) as Extract<AnnotationTrack, { kind: K }> | undefined;
  return { face: null, tracks, find, save: async () => true, undo: async () => true, lastEdit: peekEdit(emptyUndoStack()), error: null };
}

describe('SessionTimeline (server-rendered)', () => {
  const { session } = makeTestSession();
  const html = renderToStaticMarkup(<SessionTimeline session={session} tracks={tracksOf(session.annotations)} currentTimeMs={500} onSeek={() => undefined} />);

  it('shows the whole session at first', () => {
    expect(html).toContain('data-view-start-ms="0" data-view-end-ms="2000"');
    expect(html).toMatch(/data-testid="timeline-view">0:00\.0–0:02\.0 of 0:02\.0</);
  });

  it('draws the model lanes with text alternatives, and each annotator\'s tracks beside them', () => {
    for (const lane of ['ruler', 'model-va', 'model-expression', 'model-au', 'va:Ann Ö/../x', 'expression:Ann Ö/../x', 'au:predictions']) {
      expect(html).toContain(`data-lane="${lane}"`);
    }
    expect(html).toMatch(/role="img" aria-label="model valence \(blue line\) and arousal \(orange line\), 0:00\.0 to 0:02\.0: \d+ of 60 video frames with a value/);
  });

  it('draws each expression segment and AU present span as a labelled button at its time', () => {
    expect(html).toMatch(/aria-label="Ann Ö\/\.\.\/x: Happiness 0\.0–0\.5 s"[^>]*data-kind="expression" data-index="0" data-name="Happiness" data-start-ms="0" data-end-ms="500"/);
    expect(html).toMatch(/aria-label="Ann Ö\/\.\.\/x: Surprise 0\.7–1\.5 s"/);
    expect(html).toMatch(/aria-label="predictions: AU1 0\.0–1\.0 s"/);
    expect(html.match(/data-testid="timeline-segment"/g)).toHaveLength(3);
  });

  it('puts the playhead at its fraction of the view', () => {
    expect(html).toMatch(/class="tl-playhead" style="--tl-x:0\.25"/);
  });
});
