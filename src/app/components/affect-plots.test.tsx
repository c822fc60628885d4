import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AffectPlots } from './affect-plots';

const prediction = {
  valence: 0.2,
  arousal: -0.1,
  actionUnitProbabilities: new Array(8).fill(0.1),
  expressionProbabilities: [0.4, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
};
const values = (html: string, testId: string) => [...html.matchAll(new RegExp(`data-testid="${testId}-AU\\d+">([^<]*)<`, 'g'))].map((m) => m[1]);

describe("AffectPlots: the landmarker's measured AUs beside the network's (server-rendered)", () => {
  it("shows the measured AUs next to the network's, tagged as another model's measurement", () => {
    const measured = [0, 0.25, 0, 0.5, 0.91, 0, 0.1, 0.75];
    const html = renderToStaticMarkup(<AffectPlots prediction={prediction} samples={[]} measuredActionUnits={measured} />);
    expect(html).toMatch(/<h2>[^<]*— network/);
    expect(html).toMatch(/<h2>[^<]*landmarker/);
    expect(html).toMatch(/data-testid="measured-au-tag"[^>]*title="Measured by another model: MediaPipe Face Landmarker blendshapes, mapped to AUs by a documented table/);
    expect(values(html, 'measured-au-bars')).toEqual(['0.00', '0.25', '0.00', '0.50', '0.91', '0.00', '0.10', '0.75']);
    expect(values(html, 'au-bars')).toEqual(new Array(8).fill('0.10'));
  });

  it("marks each network AU present from the model's own threshold (0.5 without one), with a tick where that is", () => {
    const p = { ...prediction, actionUnitProbabilities: [0.3, 0.3, 0.3, 0.3, 0.6, 0.6, 0.6, 0.6] };
    const present = (html: string) => [...html.matchAll(/data-testid="au-bars"[\s\S]*?(?=<h2>Expression)/g)][0][0].match(/class="bar-row( present)?"/g)!.map((m) => m.includes('present'));
    const atHalf = renderToStaticMarkup(<AffectPlots prediction={p} samples={[]} />);
    expect(present(atHalf)).toEqual([false, false, false, false, true, true, true, true]);
    const own = renderToStaticMarkup(<AffectPlots prediction={p} samples={[]} auThresholds={[0.25, 0.35, 0.25, 0.35, 0.5, 0.7, 0.5, 0.7]} />);
    expect(present(own)).toEqual([true, false, true, false, true, false, true, false]);
    expect(own).toMatch(/title="inner brow raiser: present from 0.25"/);
    expect(own.match(/class="bar-threshold" style="left:25.0%"/g)).toHaveLength(2);
  });

  it('says "no face" when the landmarker found none, and is absent where no measurement is given (replay, files)', () => {
    const noFace = renderToStaticMarkup(<AffectPlots prediction={null} samples={[]} measuredActionUnits={null} />);
    expect(noFace).toMatch(/data-testid="measured-au-bars" data-state="no-face"/);
    // before the landmarker has answered, or without a camera, it says so as the network's bars do, not "no face"
    const loading = renderToStaticMarkup(<AffectPlots prediction={null} samples={[]} measuredActionUnits={null} emptyState="loading" />);
    expect(loading).toMatch(/data-testid="measured-au-bars" data-state="loading">loading the model…/);
    const noCamera = renderToStaticMarkup(<AffectPlots prediction={null} samples={[]} measuredActionUnits={null} emptyState="no-camera" />);
    expect(noCamera).toMatch(/data-testid="measured-au-bars" data-state="no-camera">no camera/);
    const replay = renderToStaticMarkup(<AffectPlots prediction={prediction} samples={[]} testIdPrefix="replay-" />);
    expect(replay).not.toContain('measured-au');
    expect(replay).not.toContain('— network');
  });

  it('tags each output by where its training targets came from: derived targets, or another model\'s measurement', () => {
    const priors = renderToStaticMarkup(
      <AffectPlots prediction={prediction} samples={[]} derived={{ actionUnits: 'AU priors per expression', valenceArousal: 'a point per expression' }} />,
    );
    expect(priors).toMatch(/data-testid="derived-au" data-origin="derived" title="Derived targets, not annotated labels. AU priors per expression">derived targets</);
    expect(priors).toMatch(/<strong>Derived targets<\/strong> \(valence\/arousal, the network&#x27;s AUs\)/);
    expect(priors).not.toContain('Measured targets');
    const measured = renderToStaticMarkup(
      <AffectPlots
        prediction={prediction}
        samples={[]}
        derived={{ actionUnits: 'blendshape-measured AUs', valenceArousal: 'votes → circumplex', measured: ['actionUnits'] }}
      />,
    );
    expect(measured).toMatch(/data-testid="derived-au" data-origin="measured" title="Trained on another model&#x27;s measurement, not annotated labels. blendshape-measured AUs">measured targets</);
    expect(measured).toMatch(/data-testid="derived-va" data-origin="derived"[^>]*>derived targets</);
    expect(measured).toMatch(/<strong>Measured targets<\/strong> \(the network&#x27;s AUs\)/);
    expect(measured).toMatch(/<strong>Derived targets<\/strong> \(valence\/arousal\)/);
    const labelled = renderToStaticMarkup(<AffectPlots prediction={prediction} samples={[]} derived={{}} />);
    expect(labelled).not.toMatch(/data-testid="derived-(au|va)"/);
  });
});
