/**
 * For tests: a tiny folder in the ABAW layout made from the e2e face photo (never from real Aff-Wild2 data).
 * Validation_Set: vidA (frames 1–4) and vidB (frames 1, 3, 4: frame 2 has no .jpg, as where ABAW's detector found
 * no face); Train_Set: vidC and vidD (frames 1–4). The labels use every convention: -5 VA, -1 AU rows and
 * expressions, Other (7), a label line without a frame, and a video without an AU file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faceImage } from '../../../test-support/media.mjs';

const CROPS = ['300:300:140:30', '340:340:120:20', '320:320:130:25', '300:300:140:30:hflip', '340:340:120:20:hflip'];
const HEADERS = {
  VA_Estimation_Challenge: 'valence,arousal',
  AU_Detection_Challenge: 'AU1,AU2,AU4,AU6,AU7,AU10,AU12,AU15,AU23,AU24,AU25,AU26',
  EXPR_Recognition_Challenge: 'Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other',
};
/** One AU line with the given AUs on (ABAW's 12 in header order). */
const au = (on: number[]) => [1, 2, 4, 6, 7, 10, 12, 15, 23, 24, 25, 26].map((a) => (on.includes(a) ? 1 : 0)).join(',');
const NO_AU = Array(12).fill(-1).join(',');

const VIDEOS: Record<string, { split: string; frames: number[]; labels: Partial<Record<keyof typeof HEADERS, string[]>> }> = {
  vidA: { split: 'Validation_Set', frames: [1, 2, 3, 4], labels: {
    VA_Estimation_Challenge: ['0.5,0.2', '-5,-5', '0.1,0.4', '-0.3,0.6'],
    AU_Detection_Challenge: [au([6, 12, 25]), au([12]), NO_AU, au([])],
    EXPR_Recognition_Challenge: ['4', '4', '-1', '7'],
  } },
  vidB: { split: 'Validation_Set', frames: [1, 3, 4], labels: {
    VA_Estimation_Challenge: ['0.2,0.1', '0.9,0.9', '0.3,-0.2', '0.0,0.1'],
    EXPR_Recognition_Challenge: ['0', '0', '0', '6'],
  } },
  vidC: { split: 'Train_Set', frames: [1, 2, 3, 4], labels: {
    VA_Estimation_Challenge: ['0.6,0.3', '0.5,0.2', '-5,-5', '0.4,0.4'],
    AU_Detection_Challenge: [au([6, 12]), au([12, 25]), au([1, 2]), NO_AU],
    EXPR_Recognition_Challenge: ['4', '4', '6', '-1'],
  } },
  vidD: { split: 'Train_Set', frames: [1, 2, 3, 4], labels: {
    VA_Estimation_Challenge: ['-0.4,0.5', '-0.5,0.6', '0,0', '0.1,-0.1'],
    AU_Detection_Challenge: [au([4]), au([4, 15]), au([]), au([])],
    EXPR_Recognition_Challenge: ['1', '5', '0', '7'],
  } },
};

export function makeTinyAbawLayout(dir: string): void {
  let c = 0;
  for (const [video, { split, frames, labels }] of Object.entries(VIDEOS)) {
    mkdirSync(join(dir, 'cropped_aligned', video), { recursive: true });
    for (const frame of frames) {
      const [w, h, x, y, flip] = CROPS[c++ % CROPS.length].split(':');
      execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', faceImage(), '-vf', `crop=${w}:${h}:${x}:${y},scale=112:112${flip ? ',hflip' : ''}`,
        '-frames:v', '1', join(dir, 'cropped_aligned', video, `${String(frame).padStart(5, '0')}.jpg`)]);
    }
    for (const [task, lines] of Object.entries(labels)) {
      mkdirSync(join(dir, 'annotations', task, split), { recursive: true });
      writeFileSync(join(dir, 'annotations', task, split, `${video}.txt`), `${[HEADERS[task as keyof typeof HEADERS], ...lines!].join('\n')}\n`);
    }
  }
}
