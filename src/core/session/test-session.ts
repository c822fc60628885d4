/** A synthetic session for tests: a 15 Hz model on a 2 s, 30 fps recording, with face-lost gaps, and three annotators. */
import { seededRandom } from '../testing/seeded-random';
import type { FrameRecord, SessionRecord } from './types';

function probabilities(random: () => number, length: number): number[] {
  const raw = Array.from({ length }, () => random() + 0.01);
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}

export function makeTestSession(seed = 1): { session: SessionRecord; mediaBytes: Uint8Array; videoFrameTimesMs: number[] } {
  const random = seededRandom(seed);
  const frames: FrameRecord[] = [];
  for (let k = 0; k < 30; k++) {
    // model steps at 15 Hz with a little jitter; no face from 0.8 s to 1.2 s
    const mediaTimeMs = k * (1000 / 15) + 3 * random();
    const faceFound = mediaTimeMs < 800 || mediaTimeMs >= 1200;
    frames.push({
      mediaTimeMs,
      faceFound,
      prediction: faceFound
        ? {
            valence: 2 * random() - 1,
            arousal: 2 * random() - 1,
            actionUnitProbabilities: Array.from({ length: 8 }, () => random()),
            expressionProbabilities: probabilities(random, 7),
          }
        : null,
      // kept to 5 decimals, as the recorder and file analysis store them (and landmarks.f32 carries them)
      landmarks: faceFound ? Array.from({ length: 6 }, () => Math.round(random() * 1e5) / 1e5) : null,
    });
  }
  const mediaBytes = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
  const session: SessionRecord = {
    id: 'b1f0c7de-test',
    name: 'Test session',
    createdAtIso: '2025-03-01T12:00:00.000Z',
    durationMs: 2000,
    media: { mimeType: 'video/webm;codecs=vp8,opus', byteLength: mediaBytes.length },
    model: { id: 'av-lite-untrained', name: 'A/V lite (untrained)', trained: false },
    frames,
    annotations: [
      {
        annotator: 'Ann Ö/../x',
        kind: 'va',
        rateHz: 10,
        samples: Array.from({ length: 15 }, (_, i) => ({ mediaTimeMs: i * 100, valence: 2 * random() - 1, arousal: 2 * random() - 1 })),
      },
      {
        annotator: 'Ann Ö/../x',
        kind: 'expression',
        segments: [
          { startMs: 0, endMs: 500, label: 4 },
          { startMs: 700, endMs: 1500, label: 6 },
        ],
      },
      {
        annotator: 'predictions',
        kind: 'au',
        toggles: [
          { startMs: 0, endMs: 1000, au: 0, present: true },
          { startMs: 200, endMs: 400, au: 4, present: false },
          { startMs: 1000, endMs: 2000, au: 0, present: false },
        ],
      },
    ],
  };
  const videoFrameTimesMs = Array.from({ length: 60 }, (_, k) => (k * 1000) / 30);
  return { session, mediaBytes, videoFrameTimesMs };
}
