import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AffectPrediction } from '../core/labels';
import type { Architecture } from './config';
import { AvStreamingModel } from './streaming';
import { syntheticSequence, TINY_CONFIG, tinyWeights } from './test-fixtures';

function flatten(p: AffectPrediction): number[] {
  return [p.valence, p.arousal, ...p.actionUnitProbabilities, ...p.expressionProbabilities];
}

function expectClose(a: AffectPrediction[], b: AffectPrediction[], tolerance: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((p, t) => {
    const x = flatten(p);
    const y = flatten(b[t]);
    const worst = Math.max(...x.map((v, i) => Math.abs(v - y[i])));
    expect(worst, `frame ${t}`).toBeLessThan(tolerance);
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ARCHITECTURES: Architecture[] = ['av-mt-vgg-rnn', 'mt-vgg-rnn', 'mt-vgg'];

describe.each(ARCHITECTURES)('AvStreamingModel %s on cpu', (architecture) => {
  const steps = 6;
  const { faces, audios } = syntheticSequence(TINY_CONFIG, steps, 11);

  it('gives the same outputs step by step as runSequence on the batch, also after reset()', () => {
    const model = new AvStreamingModel(architecture, TINY_CONFIG, tinyWeights(architecture));
    const batch = model.runSequence(faces, audios);
    const streamed = faces.map((face, t) => model.step(face, audios[t], 33 * t));
    expectClose(streamed, batch, 1e-5);
    model.reset();
    const again = faces.map((face, t) => model.step(face, audios[t], 33 * t));
    expectClose(again, batch, 1e-5);
    if (architecture !== 'mt-vgg') {
      // The recurrent state matters: frame 2 differs when frames 0–1 are skipped.
      const fresh = model.runSequence(faces.slice(2), audios.slice(2));
      expect(Math.abs(fresh[0].valence - batch[2].valence) + Math.abs(fresh[0].arousal - batch[2].arousal)).toBeGreaterThan(1e-6);
    }
    model.dispose();
  });

  it('keeps outputs in range', () => {
    const model = new AvStreamingModel(architecture, TINY_CONFIG, tinyWeights(architecture, 99));
    for (const p of model.runSequence(faces, audios)) {
      expect(Math.abs(p.valence)).toBeLessThanOrEqual(1);
      expect(Math.abs(p.arousal)).toBeLessThanOrEqual(1);
      expect(p.actionUnitProbabilities).toHaveLength(8);
      expect(p.expressionProbabilities).toHaveLength(7);
      for (const q of [...p.actionUnitProbabilities, ...p.expressionProbabilities]) {
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(1);
      }
      expect(p.expressionProbabilities.reduce((s, q) => s + q, 0)).toBeCloseTo(1, 5);
    }
    model.dispose();
  });
});

describe('AvStreamingModel memory and inputs', () => {
  const { faces, audios } = syntheticSequence(TINY_CONFIG, 12, 5);

  it('does not leak tensors per step, on reset or on dispose', () => {
    const before = tf.memory().numTensors;
    const model = new AvStreamingModel('av-mt-vgg-rnn', TINY_CONFIG, tinyWeights('av-mt-vgg-rnn'));
    model.step(faces[0], audios[0], 0);
    const afterWarmUp = tf.memory().numTensors;
    for (let t = 1; t <= 10; t++) model.step(faces[t], audios[t], 33 * t);
    expect(tf.memory().numTensors).toBe(afterWarmUp);
    model.runSequence(faces, audios);
    expect(tf.memory().numTensors).toBe(afterWarmUp);
    model.reset();
    model.step(faces[11], audios[11], 0);
    expect(tf.memory().numTensors).toBe(afterWarmUp);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects wrongly-sized inputs and timestamps that go back', () => {
    const model = new AvStreamingModel('av-mt-vgg-rnn', TINY_CONFIG, tinyWeights('av-mt-vgg-rnn'));
    const numTensors = tf.memory().numTensors;
    expect(() => model.step(new Float32Array(10), audios[0], 0)).toThrow(/face: expected a Float32Array of 27648 values \(96×96×3\), got 10 values/);
    expect(() => model.step(faces[0], new Float32Array(3), 0)).toThrow(/audio: expected a Float32Array of 512 values \(16 frames × 32 bins\)/);
    expect(() => model.step(faces[0], null, 0)).toThrow(expect.objectContaining({ code: 'invalid-options' }));
    expect(() => model.runSequence(faces, audios.slice(1))).toThrow(/expected 12 audio contexts/);
    expect(() => model.runSequence([], [])).toThrow(/at least one frame/);
    model.step(faces[0], audios[0], 100);
    expect(() => model.step(faces[1], audios[1], 99)).toThrow(/expected timestampMs ≥ 100 \(increasing; a repeat is skipped\), got 99/);
    expect(tf.memory().numTensors).toBeGreaterThan(numTensors); // the state of the one good step
    model.dispose();
    expect(() => model.step(faces[0], audios[0], 200)).toThrow(/after dispose/);
  });

  it('skips a repeated timestampMs (a file with duplicate frame times): the previous prediction again, counted, the state unchanged', async () => {
    const model = new AvStreamingModel('av-mt-vgg-rnn', TINY_CONFIG, tinyWeights('av-mt-vgg-rnn'));
    const expected = [0, 1, 2, 3].map((t) => model.step(faces[t], audios[t], 33 * t));
    model.reset();
    const numTensors = tf.memory().numTensors;
    const first = model.step(faces[0], audios[0], 0);
    const afterFirst = tf.memory().numTensors;
    expect(model.step(faces[5], audios[5], 0)).toEqual(first); // same time, other pixels: not run
    expect(await model.stepAsync(faces[6], audios[6], 0)).toEqual(first);
    expect(model.repeatedTimestampCount).toBe(2);
    expect(tf.memory().numTensors).toBe(afterFirst);
    const rest = [1, 2, 3].map((t) => model.step(faces[t], audios[t], 33 * t));
    expect(model.step(faces[3], audios[3], 99)).toEqual(rest[2]);
    expectClose([first, ...rest], expected, 1e-6);
    expect(model.repeatedTimestampCount).toBe(3);
    model.reset(); // the face was lost: the count is of the whole run, not of the state
    expect(model.repeatedTimestampCount).toBe(3);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(numTensors);
    model.dispose();
  });

  it('streams carry their own recurrent state over the shared weights, interleaved, as separate models would', () => {
    const model = new AvStreamingModel('av-mt-vgg-rnn', TINY_CONFIG, tinyWeights('av-mt-vgg-rnn'));
    const { faces: other, audios: otherAudio } = syntheticSequence(TINY_CONFIG, 6, 17);
    const alone = model.runSequence(faces.slice(0, 6), audios.slice(0, 6));
    const otherAlone = model.runSequence(other, otherAudio);
    const a = model.createStream();
    const b = model.createStream();
    const fromA: AffectPrediction[] = [];
    const fromB: AffectPrediction[] = [];
    for (let t = 0; t < 6; t++) {
      fromA.push(a.step(faces[t], audios[t], 33 * t));
      fromB.push(b.step(other[t], otherAudio[t], 33 * t)); // same times: each stream's own clock
    }
    expectClose(fromA, alone, 1e-5);
    expectClose(fromB, otherAlone, 1e-5);
    expect(model.liveStateCount).toBe(2);
    model.dispose();
  });

  it.each(ARCHITECTURES)('%s: steps several faces of a frame as one batch with the predictions each stream gives alone, repeats answered, nothing leaked', async (architecture) => {
    const model = new AvStreamingModel(architecture, TINY_CONFIG, tinyWeights(architecture));
    const audioOf = (t: number) => (model.usesAudio ? audios[t] : null);
    const people = [syntheticSequence(TINY_CONFIG, 6, 17).faces, syntheticSequence(TINY_CONFIG, 6, 23).faces, faces];
    // each face alone on its own stream, all hearing the same audio
    const alone = people.map((own) => {
      const stream = model.createStream();
      const out = own.map((face, t) => stream.step(face, audioOf(t), 33 * t));
      stream.dispose();
      return out;
    });
    const weightsOnly = tf.memory().numTensors;
    const streams = people.map(() => model.createStream());
    const batched: AffectPrediction[][] = people.map(() => []);
    for (let t = 0; t < 6; t++) {
      // the third face joins at t = 2 (a new track), so streams at different steps share a batch
      const inFrame = t < 2 ? [0, 1] : [0, 1, 2];
      const out = await model.stepFacesAsync(inFrame.map((p) => ({ stream: streams[p], face: people[p][t - (p === 2 ? 2 : 0)] })), audioOf(t), 33 * t);
      inFrame.forEach((p, i) => batched[p].push(out[i]));
    }
    expectClose(batched[0], alone[0], 1e-5);
    expectClose(batched[1], alone[1], 1e-5);
    // the third face, from its first frame at t = 2, is the third sequence from its start
    const third = model.createStream();
    const late = [2, 3, 4, 5].map((t) => third.step(people[2][t - 2], audioOf(t), 33 * t));
    third.dispose();
    expectClose(batched[2], late, 1e-5);
    // a repeated time: each stream's previous prediction again, nothing run
    const again = await model.stepFacesAsync([{ stream: streams[0], face: people[0][0] }, { stream: streams[1], face: people[1][0] }], audioOf(5), 33 * 5);
    expect(again).toEqual([batched[0][5], batched[1][5]]);
    await expect(model.stepFacesAsync([{ stream: streams[0], face: people[0][0] }, { stream: streams[0], face: people[0][1] }], audioOf(0), 999)).rejects.toThrow(/listed twice/);
    for (const stream of streams) stream.dispose();
    expect(tf.memory().numTensors).toBe(weightsOnly);
    model.dispose();
  });

  it('does not leak: a disposed stream frees its state, the model frees the streams still open', () => {
    const before = tf.memory().numTensors;
    const model = new AvStreamingModel('av-mt-vgg-rnn', TINY_CONFIG, tinyWeights('av-mt-vgg-rnn'));
    const weightsOnly = tf.memory().numTensors;
    const a = model.createStream();
    a.step(faces[0], audios[0], 0);
    expect(tf.memory().numTensors).toBeGreaterThan(weightsOnly);
    a.dispose();
    expect(tf.memory().numTensors).toBe(weightsOnly);
    expect(() => a.step(faces[1], audios[1], 33)).toThrow(/used after dispose/);
    model.createStream().step(faces[0], audios[0], 0);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs no audio for the visual-only architectures', () => {
    const model = new AvStreamingModel('mt-vgg-rnn', TINY_CONFIG, tinyWeights('mt-vgg-rnn'));
    expect(model.usesAudio).toBe(false);
    expect(model.runSequence(faces.slice(0, 2), null)).toHaveLength(2);
    expect(flatten(model.step(faces[0], null, 0))).toHaveLength(17);
    model.dispose();
  });

  it('rejects weights that do not match the architecture', () => {
    const weights = tinyWeights('av-mt-vgg-rnn');
    weights.delete('fusion.gru.1.bias_hh');
    const before = tf.memory().numTensors;
    expect(() => new AvStreamingModel('av-mt-vgg-rnn', TINY_CONFIG, weights)).toThrow(/'fusion.gru.1.bias_hh': expected 48 values, got none/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports step timings', () => {
    const timings: number[] = [];
    const model = new AvStreamingModel('av-mt-vgg-rnn', TINY_CONFIG, tinyWeights('av-mt-vgg-rnn'), {
      onStepTiming: (timing) => timings.push(timing.totalMs),
    });
    model.step(faces[0], audios[0], 0);
    expect(timings).toHaveLength(1);
    expect(model.lastStepTiming?.timestampMs).toBe(0);
    expect(model.lastStepTiming!.totalMs).toBeGreaterThanOrEqual(model.lastStepTiming!.dispatchMs);
    model.dispose();
  });
});
